package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.release.ReleaseManifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which version to reach in this reconciliation, next to the planner and as pure: spec.version;
 * or, when the installed version is older than its {@code upgradeFrom}, the first release of the path
 * through the releases' own {@code upgradeFrom} (hop by hop, each a full health-gated rollout); or,
 * while the desired file is the one whose rollout failed, the version that was rolled back to. What it
 * judges by (the failed-rollout record, the installed record, the stored manifests) is observed data,
 * passed in.
 */
public final class VersionChoice {
    /** An upgrade path longer than this is a loop in the releases' upgradeFrom, not a path. */
    static final int MAX_HOPS = 20;

    private VersionChoice() {
    }

    /**
     * @param wanted     spec.version
     * @param generation the desired file's generation (its sha256)
     * @param failed     the last failed rollout, if any
     * @param installed  the installed record, or null when nothing is installed
     * @param manifests  the manifest of a release whose package is in the store, or empty
     */
    public static Target choose(Version wanted, String generation, Optional<FailedRollout> failed, InstalledRecord installed,
                                Function<Version, Optional<ReleaseManifest>> manifests) {
        Optional<FailedRollout> thisFile = failed.filter(f -> f.generation().equals(generation) && f.failedVersion().sameAs(wanted));
        if (thisFile.isPresent()) {
            FailedRollout f = thisFile.get();
            Version keep = f.restoredVersion() == null ? wanted : f.restoredVersion();
            return new Target(keep, List.of(), new DesiredState.Rollback(f.failedVersion(), f.restoredVersion(),
                    (f.service() == null ? "" : f.service() + ": ") + f.reason(), f.snapshot(), f.discardedSince()));
        }
        if (installed == null || !installed.version().isOlderThan(wanted)) {
            return new Target(wanted, List.of(), null);
        }
        // Walk down the upgradeFrom chain from the wanted version until a release the installed one may upgrade to.
        List<Version> chain = new ArrayList<>();
        Version hop = wanted;
        for (int i = 0; i < MAX_HOPS; i++) {
            Optional<ReleaseManifest> m = manifests.apply(hop);
            if (m.isEmpty()) {
                break; // its package is downloaded first; the next reconciliation looks further
            }
            Version from = m.get().upgradeFrom();
            if (from == null || !installed.version().isOlderThan(from) || !from.isOlderThan(hop)) {
                break;
            }
            chain.add(0, hop);
            hop = from;
        }
        return new Target(hop, chain, null);
    }
}
