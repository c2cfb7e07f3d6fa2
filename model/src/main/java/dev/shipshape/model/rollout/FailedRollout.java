package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;

import java.time.Instant;

/**
 * The record of a rollout that failed: while the desired file is the one that failed (same
 * generation), the failed version is not tried again; any change of the file clears it.
 *
 * @param generation      sha256 of the desired file whose rollout failed
 * @param restoredVersion the version to keep instead, or null when there is none (a first install)
 * @param service         the service (or job) whose failure failed the rollout, or null
 * @param snapshot        the snapshot the rollout took, which the rollback restores, or null (none, or restoreOnRollback: never)
 * @param discardedSince  when that snapshot was taken: data written to its volumes since then is discarded by the
 *                        rollback; null without a snapshot. The fact a notification of the rollback carries.
 */
public record FailedRollout(String generation, Version failedVersion, Version restoredVersion, String service,
                            String reason, Instant at, String snapshot, Instant discardedSince) {

    public FailedRollout(String generation, Version failedVersion, Version restoredVersion, String service,
                         String reason, Instant at) {
        this(generation, failedVersion, restoredVersion, service, reason, at, null, null);
    }

    /** The same record, naming the snapshot its rollback restores. */
    public FailedRollout restoring(String snapshotId, Instant takenAt) {
        return new FailedRollout(generation, failedVersion, restoredVersion, service, reason, at, snapshotId, takenAt);
    }

    /** For people: what the rollback does to the data, or empty without a snapshot. */
    public String dataNote() {
        return snapshot == null ? "" : "the volumes are restored from snapshot " + snapshot + ": data written since "
                + discardedSince + " is discarded";
    }
}
