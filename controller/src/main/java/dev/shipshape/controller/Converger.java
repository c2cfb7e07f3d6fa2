package dev.shipshape.controller;

import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.records.RolloutRecordStore;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Runs passes until the project converges. A pass can only plan as far as it can see (a package's
 * services are known once it is downloaded), so converging a fresh install takes a few passes.
 */
public final class Converger {
    /** download, export, services, and one to confirm: more means something keeps undoing our work. */
    static final int MAX_PASSES = 6;

    private final Reconciliation reconciliation;
    private final RolloutGuard rollouts;

    @Inject
    public Converger(Reconciliation reconciliation, RolloutGuard rollouts) {
        this.reconciliation = reconciliation;
        this.rollouts = rollouts;
    }

    /**
     * Converges; when a rollout fails, records it, converges back to the previous version (the
     * planner targets it while the desired file is unchanged) and then reports the failure.
     */
    public Result converge(ProjectContext project, Reconciliation.ProgressListener listener) {
        try {
            return convergeOnce(project, listener);
        } catch (RuntimeException e) {
            Optional<FailedRollout> failed = rollouts.judge(project, e);
            if (failed.isEmpty()) {
                throw e;
            }
            if (failed.get().restoredVersion() == null || !project.desired().spec().rollout().autoRollback()) {
                throw new ShipshapeException("the rollout of " + failed.get().failedVersion() + " failed (" + e.getMessage()
                        + "); " + (failed.get().restoredVersion() == null ? "there is no previous version to go back to"
                        : "spec.rollout.autoRollback is false") + ", so the failed state is left as it is for you to"
                        + " inspect. It is not tried again until the desired file changes.");
            }
            Result back = convergeOnce(project, listener);
            throw new ShipshapeException("the upgrade to " + failed.get().failedVersion() + " failed (" + e.getMessage()
                    + "); rolled back to " + failed.get().restoredVersion() + " (" + back.actionsTaken() + " actions), which"
                    + " serves again. " + failed.get().failedVersion() + " is not tried again until the desired file changes.");
        }
    }

    private Result convergeOnce(ProjectContext project, Reconciliation.ProgressListener listener) {
        int actions = 0;
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            Reconciliation.PassResult r = reconciliation.pass(project, listener);
            if (r.suspended()) {
                return new Result(r.plan(), actions, true);
            }
            actions += r.done().size();
            if (r.plan().converged() || r.plan().actions().isEmpty()) {
                // converged, or nothing more may be done now (waiting for a maintenance window, a failed rollout)
                return new Result(r.plan(), actions, false);
            }
        }
        throw new ShipshapeException("the project did not converge after " + MAX_PASSES + " passes: something keeps"
                + " changing it (another tool managing the same containers?). Run `shipshape plan` to see what remains.");
    }

    public record Result(Plan finalPlan, int actionsTaken, boolean suspended) {
    }
}
