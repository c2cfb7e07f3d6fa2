package dev.shipshape.reconcilers.state;

import dev.shipshape.model.Yaml;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.reconcilers.AtomicFiles;
import dev.shipshape.reconcilers.ProjectPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code .shipshape/jobs.yaml}: the one-shot jobs that ran to success, by
 * {@link ObservedState#jobKey(String, dev.shipshape.model.Version) name@version}, with when they
 * completed. A job recorded here is never run again. Written atomically (temp file, fsync, rename).
 */
public final class JobRecordStore {
    public static final String FILE = "jobs.yaml";

    private final ProjectPaths paths;

    public JobRecordStore(ProjectPaths paths) {
        this.paths = paths;
    }

    public Path file() {
        return paths.stateDir().resolve(FILE);
    }

    /** Completion time by {@code name@version}; empty when no job ever completed. */
    @SuppressWarnings("unchecked")
    public Map<String, Instant> read() {
        Map<String, Instant> out = new TreeMap<>();
        if (!Files.exists(file())) {
            return out;
        }
        try {
            Map<String, Object> tree = Yaml.readTree(file().toString(), Files.readString(file(), StandardCharsets.UTF_8));
            Object jobs = tree == null ? null : tree.get("jobs");
            if (jobs instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).forEach((key, v) -> {
                    if (!(v instanceof Map<?, ?> e) || e.get("completedAt") == null) {
                        throw new IllegalArgumentException("job " + key + " has no completedAt");
                    }
                    out.put(key, Instant.parse(String.valueOf(e.get("completedAt"))));
                });
            } else if (jobs != null) {
                throw new IllegalArgumentException("jobs is not a map");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new dev.shipshape.model.InvalidInputException(file().toString(), null,
                    "the record of completed jobs is damaged (" + e.getMessage() + "); restore it from a backup, or write"
                            + " `jobs: {NAME@VERSION: {completedAt: 2024-01-01T00:00:00Z}}` for every job that already ran"
                            + " (a job missing from it runs again)");
        }
    }

    /** The keys of completed jobs, as the planner wants them. */
    public Set<String> completed() {
        return Set.copyOf(read().keySet());
    }

    /** Records that the job {@code key} ({@code name@version}) completed at {@code at}. */
    public void record(String key, Instant at) {
        Map<String, Instant> all = read();
        all.put(key, at);
        Map<String, Object> jobs = new TreeMap<>();
        all.forEach((k, t) -> jobs.put(k, Map.of("completedAt", t.toString())));
        try {
            Files.createDirectories(paths.stateDir());
            AtomicFiles.replace(file(), ("# written by shipshape: one-shot jobs that completed; a job listed here is not run again\n"
                            + Yaml.write(Map.of("jobs", jobs))).getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"), ".jobs-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }
}
