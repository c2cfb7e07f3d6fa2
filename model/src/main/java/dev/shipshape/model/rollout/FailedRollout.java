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
 */
public record FailedRollout(String generation, Version failedVersion, Version restoredVersion, String service,
                            String reason, Instant at) {
}
