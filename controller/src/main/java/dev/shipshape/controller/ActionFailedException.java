package dev.shipshape.controller;

import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ReconcileException;

/** An action of a plan failed; carries the plan and the action so the caller can judge the rollout. */
public final class ActionFailedException extends ReconcileException {
    private final transient Action action;
    private final transient Plan plan;

    public ActionFailedException(Action action, Plan plan, RuntimeException cause) {
        super(cause.getMessage(), cause instanceof ReconcileException r && r.isTransient(), cause);
        this.action = action;
        this.plan = plan;
    }

    public Action action() {
        return action;
    }

    public Plan plan() {
        return plan;
    }
}
