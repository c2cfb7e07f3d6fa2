package dev.shipshape.model.desired;

import dev.shipshape.model.Version;
import dev.shipshape.model.release.ReleaseManifest;

import java.util.List;

/**
 * The desired state as far as it can be known without changing anything: the spec, and once the
 * package of the version to reach now is in the store, its manifest and (once its secrets exist)
 * its rendered export.
 *
 * @param manifest       the manifest of {@code target}, or null while its package is not in the store
 * @param missingSecrets secret keys of the manifest not yet generated; while any is missing, rendered is null
 * @param rendered       the in-memory export of {@code target}, or null (see above)
 * @param target         the version to reach in this reconciliation: spec.version, or the next hop of an
 *                       upgrade path, or the version rolled back to
 * @param path           the versions still to go through after {@code target} to reach spec.version
 * @param rollback       why spec.version is not the target because its rollout failed, or null
 */
public record DesiredState(String project, ServerSpec spec, ReleaseManifest manifest,
                           List<String> missingSecrets, RenderedRelease rendered,
                           Version target, List<Version> path, Rollback rollback) {

    /** spec.version failed its rollout: the previous version is kept until the desired file changes. */
    /**
     * @param snapshot       the snapshot the failed rollout took, which the rollback restores, or null
     * @param discardedSince when it was taken: data written to its volumes since then is discarded, or null
     */
    public record Rollback(Version failedVersion, Version restoredVersion, String reason, String snapshot,
                           java.time.Instant discardedSince) {
        public Rollback(Version failedVersion, Version restoredVersion, String reason) {
            this(failedVersion, restoredVersion, reason, null, null);
        }

        /** For people: what the rollback did to the data, or empty without a snapshot. */
        public String dataNote() {
            return snapshot == null ? "" : "the volumes were restored from snapshot " + snapshot + ": data written since "
                    + discardedSince + " was discarded";
        }
    }

    public DesiredState {
        missingSecrets = List.copyOf(missingSecrets == null ? List.of() : missingSecrets);
        target = target == null ? spec.version() : target;
        path = List.copyOf(path == null ? List.of() : path);
    }

    public DesiredState(String project, ServerSpec spec, ReleaseManifest manifest, List<String> missingSecrets,
                        RenderedRelease rendered) {
        this(project, spec, manifest, missingSecrets, rendered, null, null, null);
    }

    public static DesiredState packageMissing(String project, ServerSpec spec) {
        return new DesiredState(project, spec, null, List.of(), null);
    }

    public static DesiredState packageMissing(String project, ServerSpec spec, Version target, List<Version> path,
                                              Rollback rollback) {
        return new DesiredState(project, spec, null, List.of(), null, target, path, rollback);
    }
}
