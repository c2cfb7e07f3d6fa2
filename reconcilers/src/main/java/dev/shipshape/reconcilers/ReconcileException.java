package dev.shipshape.reconcilers;

import dev.shipshape.model.ShipshapeException;

/**
 * An action failed. {@code transientFailure} tells the loop whether trying again later can help
 * (a registry that did not answer) or not (a checksum that does not match).
 */
public class ReconcileException extends ShipshapeException {
    private final boolean transientFailure;

    public ReconcileException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public ReconcileException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
