package dev.shipshape.reconcilers;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a running reconciliation to stop at its next safe point: a long wait (for health) ends
 * early, the action fails as cancelled and the next reconciliation takes over with the newest
 * desired state. Never interrupts a Docker call half-way.
 */
public final class Cancellation {
    private final AtomicReference<String> reason = new AtomicReference<>();

    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel(String why) {
        reason.compareAndSet(null, why);
    }

    public boolean isCancelled() {
        return reason.get() != null;
    }

    /** Throws when cancelled; call at safe points. */
    public void checkpoint(String doing) {
        String why = reason.get();
        if (why != null) {
            throw new CancelledException(doing + " was cancelled: " + why);
        }
    }

    /** A reconciliation stopped at a safe point on request; the next one resumes. */
    public static final class CancelledException extends ReconcileException {
        public CancelledException(String message) {
            super(message, true);
        }
    }
}
