package dev.shipshape.reconcilers.state;

import dev.shipshape.model.Version;
import dev.shipshape.model.Yaml;
import dev.shipshape.reconcilers.AtomicFiles;
import dev.shipshape.reconcilers.ProjectPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code .shipshape/rollout.yaml}: the last failed rollout. While the desired file is the one that
 * failed (same generation), the failed version is not tried again; any change of the file clears it.
 */
public final class RolloutRecordStore {
    /**
     * @param generation      sha256 of the desired file whose rollout failed
     * @param restoredVersion the version to keep instead, or null when there is none (a first install)
     */
    public record FailedRollout(String generation, Version failedVersion, Version restoredVersion, String service,
                                String reason, Instant at) {
    }

    private final ProjectPaths paths;

    public RolloutRecordStore(ProjectPaths paths) {
        this.paths = paths;
    }

    private Path file() {
        return paths.stateDir().resolve("rollout.yaml");
    }

    public Optional<FailedRollout> read() {
        if (!Files.exists(file())) {
            return Optional.empty();
        }
        try {
            Map<String, Object> t = Yaml.readTree(file().toString(), Files.readString(file(), StandardCharsets.UTF_8));
            Object restored = t.get("restoredVersion");
            return Optional.of(new FailedRollout(String.valueOf(t.get("generation")),
                    Version.parse(String.valueOf(t.get("failedVersion"))),
                    restored == null ? null : Version.parse(String.valueOf(restored)),
                    t.get("service") == null ? null : String.valueOf(t.get("service")),
                    String.valueOf(t.get("reason")), Instant.parse(String.valueOf(t.get("at")))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new dev.shipshape.model.InvalidInputException(file().toString(), null,
                    "the record of the last failed rollout is damaged (" + e.getMessage() + "); delete it to try again");
        }
    }

    public void write(FailedRollout r) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("generation", r.generation());
        t.put("failedVersion", r.failedVersion().toString());
        t.put("restoredVersion", r.restoredVersion() == null ? null : r.restoredVersion().toString());
        t.put("service", r.service());
        t.put("reason", r.reason());
        t.put("at", r.at().toString());
        try {
            Files.createDirectories(paths.stateDir());
            AtomicFiles.replace(file(), ("# written by shipshape: a failed rollout, not retried until the desired file changes\n"
                    + Yaml.write(t)).getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"), ".rollout-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }
}
