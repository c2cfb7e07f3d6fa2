package dev.shipshape.reconcilers;

import dev.shipshape.model.ShipshapeException;

/**
 * An action failed. {@code transientFailure} tells the loop whether trying again later can help
 * (a registry that did not answer) or not (a checksum that does not match).
 */
public class ReconcileException extends ShipshapeException {
    private final boolean transientFailure;
    /** The service that failed when the action covers several (a rollout window), or null: the action's own. */
    private final String service;

    public ReconcileException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
        this.service = null;
    }

    private ReconcileException(ReconcileException failure, String service) {
        super(failure.getMessage(), failure);
        this.transientFailure = failure.transientFailure;
        this.service = service;
    }

    /**
     * The same failure naming the service of a many-service action it happened in. It travels as an exception through
     * the retries and breakers, so the service must too (the rollout record and the notification name it).
     */
    public ReconcileException inService(String failedService) {
        return new ReconcileException(this, failedService);
    }

    public String service() {
        return service;
    }

    public ReconcileException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.service = null;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
