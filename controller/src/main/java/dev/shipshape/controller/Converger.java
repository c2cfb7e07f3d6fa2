package dev.shipshape.controller;

import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.inject.Inject;

/**
 * Runs passes until the project converges ({@code apply}). A pass can only plan as far as it can see
 * (a package's services are known once it is downloaded), so converging a fresh install takes a few
 * passes. What follows each pass is the {@link RolloutGuard}'s decision, as in {@code run}.
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
     * Converges; when a rollout fails, it is recorded, the previous version is converged back to (the
     * version choice targets it while the desired file is unchanged) and then the failure is reported.
     */
    public Result converge(ProjectContext project, Reconciliation.ProgressListener listener) {
        return passes(project, listener, true);
    }

    private Result passes(ProjectContext project, Reconciliation.ProgressListener listener, boolean mayRollBack) {
        int actions = 0;
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            rollouts.passStarting(project);
            PassOutcome outcome = reconciliation.pass(project, ActionGate.OPEN, listener);
            actions += outcome.done().size();
            Decision decision = rollouts.decide(project, outcome);
            if (decision instanceof Decision.Continue) {
                continue;
            }
            if (decision instanceof Decision.Done) {
                // converged, or nothing more may be done now (waiting for a maintenance window, a failed rollout)
                return new Result(outcome.plan(), actions, outcome instanceof PassOutcome.Suspended);
            }
            if (decision instanceof Decision.Yield y) {
                throw new Cancellation.CancelledException(y.why());
            }
            PassOutcome.Failed failed = (PassOutcome.Failed) outcome;
            if (decision instanceof Decision.Hold h) {
                throw held(h.record(), failed);
            }
            if (decision instanceof Decision.RollBack r && mayRollBack) {
                Result back = passes(project, listener, false);
                throw new ShipshapeException("the upgrade to " + r.record().failedVersion() + " failed ("
                        + failed.failure().message() + "); rolled back to " + r.record().restoredVersion() + " ("
                        + back.actionsTaken() + " actions), which serves again"
                        + (r.record().snapshot() == null ? "" : "; " + r.record().dataNote()) + ". " + r.record().failedVersion()
                        + " is not tried again until the desired file changes.");
            }
            throw Failures.raised(failed);
        }
        throw new ShipshapeException("the project did not converge after " + MAX_PASSES + " passes: something keeps"
                + " changing it (another tool managing the same containers?). Run `shipshape plan` to see what remains.");
    }

    private static ShipshapeException held(FailedRollout record, PassOutcome.Failed failed) {
        return new ShipshapeException("the rollout of " + record.failedVersion() + " failed (" + failed.failure().message()
                + "); " + (record.restoredVersion() == null ? "there is no previous version to go back to"
                : "spec.rollout.autoRollback is false") + ", so the failed state is left as it is for you to"
                + " inspect. It is not tried again until the desired file changes.");
    }

    public record Result(Plan finalPlan, int actionsTaken, boolean suspended) {
    }
}
