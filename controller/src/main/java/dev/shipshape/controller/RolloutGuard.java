package dev.shipshape.controller;

import dev.shipshape.model.snapshot.SnapshotInfo;
import dev.shipshape.reconcilers.snapshots.SnapshotStore;
import java.util.List;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.rollout.RolloutPolicy;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Asks the pure {@link RolloutPolicy} what follows a pass, for {@code apply} and {@code run} alike,
 * and is the one place that writes its record when a rollout failed: the next pass then puts the
 * previous version back (the version choice reads the record), and the failed version is not tried
 * again until the desired file changes.
 */
public final class RolloutGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutGuard.class);

    private final Clock clock;

    @Inject
    public RolloutGuard(Clock clock) {
        this.clock = clock;
    }

    public Decision decide(ProjectContext project, PassOutcome outcome) {
        var spec = project.desired().spec();
        Decision decision = RolloutPolicy.decide(outcome, new RolloutPolicy.Facts(project.desired().generation(),
                spec.version(), spec.rollout().autoRollback(), clock.instant()));
        if (decision instanceof Decision.RollBack r && spec.rollout().restoreOnRollback()) {
            decision = new Decision.RollBack(withSnapshot(project, outcome, r.record()));
        }
        FailedRollout record = decision instanceof Decision.RollBack r ? r.record()
                : decision instanceof Decision.Hold h ? h.record() : null;
        if (record != null) {
            project.records().rollouts().write(record);
            LOG.warn("rollout of {} failed ({}); {}", record.failedVersion(), record.reason(),
                    decision instanceof Decision.RollBack ? "rolling back to " + record.restoredVersion()
                            + (record.snapshot() == null ? "" : "; " + record.dataNote())
                            : "left as it is; not retried until the desired file changes");
        }
        return decision;
    }

    /**
     * The snapshot the failed rollout took (the newest complete one from the installed version to the pass's target,
     * not restored yet): the rollback restores it, and the record says since when data is discarded. This is where
     * the rollback is decided, so the fact travels with the record (status, history, a notification's details).
     */
    private static FailedRollout withSnapshot(ProjectContext project, PassOutcome outcome, FailedRollout record) {
        var plan = outcome.plan();
        if (plan.installed() == null || project.paths() == null) {
            return record;
        }
        List<SnapshotInfo> found = new SnapshotStore(project.paths()).list();
        for (int i = found.size() - 1; i >= 0; i--) {
            SnapshotInfo s = found.get(i);
            if (s.takenFor(plan.installed(), plan.target()) && s.restoredAt() == null) {
                return record.restoring(s.id(), s.takenAt());
            }
        }
        return record;
    }
}
