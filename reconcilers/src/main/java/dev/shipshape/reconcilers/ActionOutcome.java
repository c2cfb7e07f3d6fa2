package dev.shipshape.reconcilers;

import dev.shipshape.model.rollout.Failure;

/**
 * What a reconciler's action came to, as a value: done, failed (with a {@link Failure} the rollout
 * policy judges: a verdict on the release, or a transient fault), or cancelled at a safe point.
 * Exceptions stay for programming errors and truly unexpected failures (the engine gone, a disk
 * error), which the executor turns into values at its one boundary.
 */
public sealed interface ActionOutcome permits ActionOutcome.Done, ActionOutcome.Failed, ActionOutcome.Cancelled {
    Done DONE = new Done();

    record Done() implements ActionOutcome {
    }

    record Failed(Failure failure) implements ActionOutcome {
    }

    /** Stopped at a safe point on request (a newer desired file, a shutdown); the next pass resumes. */
    record Cancelled(String why) implements ActionOutcome {
    }

    static ActionOutcome done() {
        return DONE;
    }

    /** shipshape's own verdict on what the release does (not healthy, exited, a job failed). */
    static ActionOutcome verdict(String message) {
        return of(new ReconcileException(message, false));
    }

    /** Trying again later can help (Docker stopped the container, a registry did not answer). */
    static ActionOutcome transientFailure(String message) {
        return of(new ReconcileException(message, true));
    }

    /** A reconciler's typed error as a value: cancelled, transient, or a verdict. */
    static ActionOutcome of(ReconcileException e) {
        if (e instanceof Cancellation.CancelledException) {
            return new Cancelled(e.getMessage());
        }
        return new Failed(new Failure(e.isTransient() ? Failure.Kind.TRANSIENT : Failure.Kind.VERDICT, e.getMessage(), e,
                e.service()));
    }

    default boolean isDone() {
        return this instanceof Done;
    }

    /**
     * For callers built on exceptions (resilience4j's retry and circuit breakers count what is thrown,
     * and tests that assert a failure's type): raises a failure or a cancellation, returns on done.
     */
    default void orThrow() {
        if (this instanceof Failed f) {
            throw f.failure().error();
        }
        if (this instanceof Cancelled c) {
            throw new Cancellation.CancelledException(c.why());
        }
    }
}
