package dev.shipshape.reconcilers;

import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.files.StateFiles;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import dev.shipshape.model.release.ReleaseManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Extracted release packages under {@code .shipshape/packages/<version>/}. A folder appears there
 * only by an atomic rename after download, verification and extraction, so a folder that exists
 * is complete.
 */
public final class PackageStore {
    private final ProjectPaths paths;

    public PackageStore(ProjectPaths paths) {
        this.paths = paths;
    }

    public Set<Version> versions() {
        Set<Version> out = new HashSet<>();
        if (!Files.isDirectory(paths.packages())) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(paths.packages())) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(ReleaseManifest.FILE)))
                    .map(d -> d.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .forEach(n -> {
                        try {
                            out.add(Version.parse(n));
                        } catch (IllegalArgumentException ignored) {
                            // not a package folder
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public Optional<Path> dir(Version version) {
        Path d = paths.packageDir(version);
        // a package folder planted as a link would have root run what the link's owner chose, unverified
        if (!StateFiles.folderExists(d)) {
            return Optional.empty();
        }
        return Files.isRegularFile(d.resolve(ReleaseManifest.FILE)) ? Optional.of(d) : Optional.empty();
    }

    /** The manifest of a stored package, or empty when the package is not in the store. */
    public Optional<ReleaseManifest> manifest(Version version) {
        return dir(version).map(d -> {
            Path file = d.resolve(ReleaseManifest.FILE);
            try {
                return ReleaseManifest.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InvalidInputException e) {
                // The manifest is the vendor's: the user cannot fix it, only replace the package.
                String prefix = new InvalidInputException(e.file(), e.line(), e.column(), e.field(), "").getMessage();
                String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
                throw new InvalidInputException(e.file(), e.line(), e.column(), e.field(), problem
                        + "; the release package is faulty: get a fixed package from its vendor (or delete " + d
                        + " to download it again); nothing was changed");
            }
        });
    }
}
