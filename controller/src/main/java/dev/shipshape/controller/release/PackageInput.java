package dev.shipshape.controller.release;

import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.download.SafeExtractor;
import dev.shipshape.reconcilers.files.StateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A package as the vendor hands it to {@code release check}: a folder or a zip. It reads the
 * manifest's text and puts a copy of the package where a server would store it.
 */
final class PackageInput {
    private final Path path;
    private final boolean zip;
    private final ManifestVariables variables;

    PackageInput(Path path, ManifestVariables variables) {
        this.path = path;
        this.zip = Files.isRegularFile(path);
        this.variables = variables;
    }

    /** How messages name a file of the package: a path under the folder, or zip!entry. */
    String display(String relative) {
        return zip ? path + "!" + relative : path.resolve(relative).toString();
    }

    /** The prefix a message about a file of the package starts with, for {@link Problems#mapped}. */
    String displayRoot() {
        return zip ? path + "!" : path + "/";
    }

    /** The text of manifest.yaml with the --var values filled in, or null when the package has none. */
    String manifestText() throws IOException {
        String raw = rawManifestText();
        return raw == null ? null : variables.apply(raw);
    }

    private String rawManifestText() throws IOException {
        if (zip) {
            try (ZipFile z = new ZipFile(path.toFile())) {
                ZipEntry e = z.getEntry(ReleaseManifest.FILE);
                return e == null ? null : new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Path file = path.resolve(ReleaseManifest.FILE);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    }

    /**
     * Stores the package in the scratch project. A zip goes through the extractor the download side uses,
     * so a zip it would refuse (an entry leaving the folder, a link, a bomb) is refused here too.
     *
     * @param problems gets a line for every symbolic link or special file of a folder (a server refuses them)
     */
    void store(ScratchProject scratch, Problems problems) throws IOException {
        if (zip) {
            new SafeExtractor().extract(path, scratch.version(), scratch.context().paths());
            fillIn(scratch.packageDir());
            return;
        }
        StateFiles.folder(scratch.context().paths().packages());
        Path target = scratch.packageDir();
        Files.createDirectory(target);
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : all) {
            Path copy = target.resolve(path.relativize(p).toString());
            if (Files.isSymbolicLink(p)) {
                problems.add(p.toString(), "is a symbolic link; a release package must hold plain files and folders"
                        + " (the server refuses links): replace it with a copy of what it points to");
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(copy);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(p, copy);
            } else {
                problems.add(p.toString(), "is not a regular file; remove it from the package");
            }
        }
        fillIn(target);
    }

    /** The stored copy's manifest as it will ship: with the --var values, as build zips it. */
    private void fillIn(Path packageDir) throws IOException {
        if (!variables.isEmpty()) {
            Path manifest = packageDir.resolve(ReleaseManifest.FILE);
            Files.writeString(manifest, variables.apply(Files.readString(manifest, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }
}
