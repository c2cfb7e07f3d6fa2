package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads files of an extracted release package. A package is vendor input: it must not make
 * shipshape read anything outside its own folder, so symbolic links and paths that resolve
 * elsewhere are refused.
 */
final class PackageFiles {
    private final Path packageDir;

    PackageFiles(Path packageDir) {
        this.packageDir = packageDir;
    }

    Path dir() {
        return packageDir;
    }

    /** The bytes of {@code relative} inside the package, or empty when the package has no such file. */
    Optional<byte[]> read(String relative) {
        Path file = resolveInside(relative);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(file.toString(), null,
                    "is not a regular file (a symbolic link or a folder); a release package must hold plain files");
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ExportIoException("cannot read " + file + ": " + e.getMessage()
                    + "; check that the package folder is readable", e);
        }
    }

    /**
     * {@code relative} resolved inside the package, refusing '..', absolute paths and parent
     * folders that are symbolic links pointing out of the package.
     */
    Path resolveInside(String relative) {
        Path rel = Path.of(relative).normalize();
        if (rel.isAbsolute() || rel.startsWith("..") || rel.toString().isEmpty()) {
            throw new InvalidInputException(packageDir.toString(), null, "'" + relative + "' is not a path inside the package");
        }
        Path cur = packageDir;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            cur = cur.resolve(rel.getName(i));
            if (Files.isSymbolicLink(cur)) {
                throw new InvalidInputException(cur.toString(), null,
                        "is a symbolic link; a release package must not point outside itself. Re-download the package.");
            }
        }
        return packageDir.resolve(rel);
    }
}
