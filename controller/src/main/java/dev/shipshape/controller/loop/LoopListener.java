package dev.shipshape.controller.loop;

import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.plan.Action;

import java.time.Duration;

/** What the control loop tells status and metrics. Every method is called on the loop's one worker thread. */
public interface LoopListener {
    default void desiredInvalid(String generation, String error) {
    }

    /**
     * A usable desired state was read, before {@link #passStarted}; {@code read.problem()} non-null
     * means the newest one was refused and an older good one is reconciled instead.
     */
    default void desiredRead(DesiredRead read) {
    }

    default void passStarted(DesiredFile desired) {
    }

    /** What a pass found on the host, before it plans: the project's containers. */
    default void observed(ObservedState observed) {
    }

    default void actionStarting(Action action) {
    }

    default void actionFinished(Action action, long millis) {
    }

    default void passFinished(DesiredFile desired, PassOutcome result, long millis) {
    }

    /** @param retryIn when the loop tries again by itself */
    default void passFailed(DesiredFile desired, Throwable error, Duration retryIn, long millis) {
    }
}
