package dev.shipshape.controller.release;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.DesiredServer;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.desired.Metadata;
import dev.shipshape.model.desired.ServerSpec;
import dev.shipshape.model.desired.Source;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away project in a temporary folder, so that a package is checked by the very code that
 * exports it on a server (package store, generated secrets, renderer) while nothing on the host changes.
 */
final class ScratchProject implements AutoCloseable {
    static final String PROJECT = "release-check";

    private final Path root;
    private final Version version;
    private final ProjectContext context;

    ScratchProject(Version version) {
        this.version = version;
        try {
            // the real path: the project folder is resolved through links, and messages are mapped back by prefix
            this.root = Files.createTempDirectory("shipshape-release-check").toRealPath();
            Files.createDirectories(root.resolve("project"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder to check the package in: " + e.getMessage()
                    + "; check that java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") is writable", e);
        }
        ServerSpec spec = new ServerSpec(version, new Source("file:///release-check/{version}.zip", null), "project",
                Map.of(), new ImagePins(Map.of()), null, null, null);
        DesiredServer server = new DesiredServer(DesiredServer.API_VERSION, DesiredServer.KIND, new Metadata(PROJECT), spec);
        this.context = ProjectContext.of(new DesiredFile(root.resolve("server.yaml"), server, "release-check"));
    }

    ProjectContext context() {
        return context;
    }

    PackageStore store() {
        return new PackageStore(context.paths());
    }

    /** Where the package under check is stored, as on a server: {@code .shipshape/packages/<version>/}. */
    Path packageDir() {
        return context.paths().packageDir(version);
    }

    Version version() {
        return version;
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless; the check's verdict stands
        }
    }
}
