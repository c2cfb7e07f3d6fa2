package dev.shipshape.reconcilers.records;

import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.nio.file.Path;
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

    /** The file as written: {@code jobs: {KEY: {completedAt: ...}}}, sorted by key so diffs stay small. */
    private record Document(Map<String, Job> jobs) {
        static Document of(Map<String, Instant> completed) {
            Map<String, Job> jobs = new TreeMap<>();
            completed.forEach((key, at) -> jobs.put(key, new Job(at.toString())));
            return new Document(jobs);
        }

        Map<String, Instant> decode() {
            Map<String, Instant> out = new TreeMap<>();
            if (jobs != null) {
                jobs.forEach((key, job) -> {
                    // a job without a time is no proof that it ran: refuse rather than skip or rerun it silently
                    if (job == null || job.completedAt() == null) {
                        throw new IllegalArgumentException("job " + key + " has no completedAt");
                    }
                    out.put(key, Instant.parse(job.completedAt()));
                });
            }
            return out;
        }
    }

    private record Job(String completedAt) {
    }

    private final RecordFile<Document> file;

    JobRecordStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve(FILE), Document.class,
                "one-shot jobs that completed; a job listed here is not run again", "completed jobs",
                "restore it from a backup, or write `jobs: {NAME@VERSION: {completedAt: 2024-01-01T00:00:00Z}}` for"
                        + " every job that already ran (a job missing from it runs again)");
    }

    public Path file() {
        return file.path();
    }

    /** Completion time by {@code name@version}; empty when no job ever completed. */
    public Map<String, Instant> read() {
        return file.read(Document::decode).orElseGet(TreeMap::new);
    }

    /** The keys of completed jobs, as the planner wants them. */
    public Set<String> completed() {
        return Set.copyOf(read().keySet());
    }

    /** Records that the job {@code key} ({@code name@version}) completed at {@code at}. */
    public void record(String key, Instant at) {
        Map<String, Instant> all = read();
        all.put(key, at);
        file.write(Document.of(all));
    }
}
