package dev.shipshape.controller;

import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.inject.Inject;

/**
 * Runs passes until the project converges. A pass can only plan as far as it can see (a package's
 * services are known once it is downloaded), so converging a fresh install takes a few passes.
 */
public final class Converger {
    /** download, export, services, and one to confirm: more means something keeps undoing our work. */
    static final int MAX_PASSES = 6;

    private final Reconciliation reconciliation;

    @Inject
    public Converger(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    public Result converge(ProjectContext project, Reconciliation.ProgressListener listener) {
        int actions = 0;
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            Reconciliation.PassResult r = reconciliation.pass(project, listener);
            if (r.suspended()) {
                return new Result(r.plan(), actions, true);
            }
            actions += r.done().size();
            if (r.plan().converged()) {
                return new Result(r.plan(), actions, false);
            }
        }
        throw new ShipshapeException("the project did not converge after " + MAX_PASSES + " passes: something keeps"
                + " changing it (another tool managing the same containers?). Run `shipshape plan` to see what remains.");
    }

    public record Result(Plan finalPlan, int actionsTaken, boolean suspended) {
    }
}
