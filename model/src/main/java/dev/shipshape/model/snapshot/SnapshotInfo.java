package dev.shipshape.model.snapshot;

import dev.shipshape.model.Version;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot in {@code .shipshape/snapshots/<id>/} as the planner sees it. Only a snapshot whose
 * manifest was written (the last step of taking it) is {@code complete}; an incomplete one is never
 * restored, only pruned.
 *
 * @param id         its folder's name
 * @param from       the version installed when it was taken, or null (taken by hand with nothing installed)
 * @param to         the version the rollout that took it went to, or null when it was taken by hand
 * @param takenAt    when its volumes were read: data written after this is lost when it is restored
 * @param volumes    the Docker volume names it holds
 * @param complete   whether its manifest is written
 * @param restoring  a restore from it began and did not finish: it must be finished before anything uses the volumes
 * @param restoredAt when it was last restored, or null
 */
public record SnapshotInfo(String id, Version from, Version to, Instant takenAt, List<String> volumes,
                           boolean complete, boolean restoring, Instant restoredAt) {
    public SnapshotInfo {
        volumes = List.copyOf(volumes);
    }

    /** Whether it was taken by the rollout from {@code from} to {@code to}. */
    public boolean takenFor(Version from, Version to) {
        return complete && this.from != null && this.to != null && this.from.sameAs(from) && this.to.sameAs(to);
    }
}
