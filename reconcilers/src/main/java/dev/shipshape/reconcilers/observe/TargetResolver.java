package dev.shipshape.reconcilers.observe;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.state.RolloutRecordStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides which version to reach in this reconciliation: spec.version; or, when the installed
 * version is older than its {@code upgradeFrom}, the first release of the path through the
 * releases' own {@code upgradeFrom} (hop by hop, each a full health-gated rollout); or, while the
 * desired file is the one whose rollout failed, the version that was rolled back to.
 */
public final class TargetResolver {
    /** An upgrade path longer than this is a loop in the releases' upgradeFrom, not a path. */
    static final int MAX_HOPS = 20;

    public record Target(Version version, List<Version> path, DesiredState.Rollback rollback) {
    }

    public Target resolve(ProjectContext project, PackageStore store, InstalledRecord installed) {
        Version wanted = project.desired().spec().version();
        Optional<RolloutRecordStore.FailedRollout> failed = project.records().rollouts().read()
                .filter(f -> f.generation().equals(project.desired().generation()) && f.failedVersion().sameAs(wanted));
        if (failed.isPresent()) {
            RolloutRecordStore.FailedRollout f = failed.get();
            Version keep = f.restoredVersion() == null ? wanted : f.restoredVersion();
            return new Target(keep, List.of(), new DesiredState.Rollback(f.failedVersion(), f.restoredVersion(),
                    (f.service() == null ? "" : f.service() + ": ") + f.reason()));
        }
        if (installed == null || !installed.version().isOlderThan(wanted)) {
            return new Target(wanted, List.of(), null);
        }
        // Walk down the upgradeFrom chain from the wanted version until a release the installed one may upgrade to.
        List<Version> chain = new ArrayList<>();
        Version hop = wanted;
        for (int i = 0; i < MAX_HOPS; i++) {
            Optional<ReleaseManifest> m = store.manifest(hop);
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
