package dev.shipshape.reconcilers.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the user's files of a project folder; a file the user has not written counts as absent. */
final class ProjectFiles {
    private ProjectFiles() {
    }

    static Optional<byte[]> readOptional(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // The exception message names the path and the OS reason, never file content.
            throw new ExportIoException("cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); check that it is a readable file", e);
        }
    }
}
