package dev.shipshape.controller.status;

import dev.shipshape.reconcilers.files.AtomicFiles;
import dev.shipshape.reconcilers.files.StateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <projectDir>/.shipshape/status.json}: the controller's report, kept beside the project so
 * {@code shipshape status} works without reaching a running controller.
 */
public final class StatusFile {
    static final String NAME = "status.json";

    /**
     * Owner only: the status quotes errors, commit subjects and paths of the host, and the controller
     * runs as root; a monitoring agent reads /status on 127.0.0.1, or runs as the owner.
     */
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> MODE = AtomicFiles.OWNER_ONLY;

    private StatusFile() {
    }

    public static Path path(Path projectDir) {
        return projectDir.resolve(".shipshape").resolve(NAME);
    }

    /** The file's text as written, or empty when no controller has written one yet. */
    public static Optional<String> readText(Path projectDir) {
        Path file = path(projectDir);
        try {
            return StateFiles.readString(file); // never through a link planted as status.json
        } catch (IOException e) {
            throw new StatusFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The status, or empty when no controller has written one yet. */
    public static Optional<ServerStatus> read(Path projectDir) {
        Optional<String> text = readText(projectDir);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(StatusJson.read(text.get()));
        } catch (IOException e) {
            throw new StatusFileException(path(projectDir) + " is not a status file shipshape can read ("
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + "); the next reconciliation rewrites it", e);
        }
    }

    /** Replaces the file atomically: a reader sees the previous status or this one, never a torn write. */
    public static void write(Path projectDir, ServerStatus status) throws IOException {
        Path file = path(projectDir);
        StateFiles.replace(file, StatusJson.write(status).getBytes(StandardCharsets.UTF_8), MODE, "." + NAME + ".");
    }
}
