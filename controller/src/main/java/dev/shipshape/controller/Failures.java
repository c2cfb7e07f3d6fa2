package dev.shipshape.controller;

import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ReconcileException;

/**
 * Where what an action raised becomes a value: the executor's one translation from exceptions (the
 * reconcilers' typed errors, the engine's failures) to the {@link Failure} the rollout policy judges,
 * and back to an exception at the edges that report one ({@code apply}'s exit, the status).
 */
public final class Failures {
    private Failures() {
    }

    /** What {@code raised} says: a verdict on the release, a transient fault, an unreachable engine, or neither. */
    public static Failure of(RuntimeException raised) {
        // an engine that went away says nothing about the release: never judged as a failed rollout
        var unreachable = DockerEngineUnreachableException.of(raised);
        if (unreachable.isPresent()) {
            return new Failure(Failure.Kind.HOST_FAULT, unreachable.get().getMessage(), unreachable.get());
        }
        if (raised instanceof ReconcileException r) {
            return new Failure(r.isTransient() ? Failure.Kind.TRANSIENT : Failure.Kind.VERDICT, r.getMessage(), r, r.service());
        }
        return new Failure(Failure.Kind.UNEXPECTED, String.valueOf(raised.getMessage()), raised);
    }

    /** A gate's refusal to let {@code action} start. */
    public static Failure refused(RuntimeException refusal) {
        return new Failure(Failure.Kind.REFUSED, refusal.getMessage(), refusal);
    }

    /** Whether {@code raised} is a reconciliation stopping at a safe point on request. */
    public static boolean cancelled(RuntimeException raised) {
        return raised instanceof Cancellation.CancelledException || raised.getCause() instanceof Cancellation.CancelledException;
    }

    /**
     * A failed pass as the exception its reporters expect: a gate's refusal as it was raised, an action's
     * failure naming the action (its message is the failure's own).
     */
    public static RuntimeException raised(PassOutcome.Failed failed) {
        Failure f = failed.failure();
        return f.kind() == Failure.Kind.REFUSED ? f.error() : new ActionFailedException(failed.action(), f.error());
    }
}
