package dev.shipshape.controller.status;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The current status of a project and its status file: a change is published in memory and written
 * to the file; a draft that changes nothing is neither. Written by one thread at a time, read by any.
 */
final class PublishedStatus {
    // The log line keeps the name it always had.
    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    private final Path projectDir;
    private volatile ServerStatus status;

    PublishedStatus(ServerStatus initial, Path projectDir) {
        this.status = initial;
        this.projectDir = projectDir;
    }

    ServerStatus current() {
        return status;
    }

    /** A draft of the current status, to change and {@link #publish}. */
    StatusDraft draft() {
        return new StatusDraft(status);
    }

    /** Makes {@code d} the status, updated at {@code now}, unless it changes nothing. */
    void publish(StatusDraft d, Instant now) {
        ServerStatus next = d.build(status.updatedAt());
        if (next.equals(status)) {
            return; // nothing changed: no new updatedAt, no disk write
        }
        status = d.build(now);
        try {
            StatusFile.write(projectDir, status);
        } catch (IOException | RuntimeException e) {
            // The status file is a report: failing to write it (disk full, read-only folder) must not
            // stop the loop that keeps the server running. /status still serves the current status.
            LOG.warn("cannot write the status file {}: {}", StatusFile.path(projectDir), e.toString());
        }
    }
}
