package dev.shipshape.controller.source.git;

import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code <stateDir>/last-good-commit}: the newest commit whose desired file was valid, so a
 * restart while the branch head is invalid goes on with it instead of refusing to start.
 */
final class LastGoodCommit {
    private static final Logger LOG = LoggerFactory.getLogger(LastGoodCommit.class);

    private final Path file;

    LastGoodCommit(Path stateDir) {
        this.file = stateDir.resolve("last-good-commit");
    }

    Optional<ObjectId> read() {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return ObjectId.isId(text) ? Optional.of(ObjectId.fromString(text)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Best effort: losing it only matters when a restart meets an invalid head. */
    void write(ObjectId commit) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, commit.name() + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot record the last good commit in {}: {}", file, e.toString());
        }
    }
}
