package dev.shipshape.controller;

import dev.shipshape.model.plan.Action;
import dev.shipshape.reconcilers.ReconcileException;

/**
 * A pass failed on an action, as reported at the edges (the exit of {@code apply}, the status and
 * metrics of {@code run}); the pass itself returns the failure as a value ({@link Failures}).
 */
public final class ActionFailedException extends ReconcileException {
    private final transient Action action;

    public ActionFailedException(Action action, RuntimeException cause) {
        super(cause.getMessage(), cause instanceof ReconcileException r && r.isTransient(), cause);
        this.action = action;
    }

    public Action action() {
        return action;
    }
}
