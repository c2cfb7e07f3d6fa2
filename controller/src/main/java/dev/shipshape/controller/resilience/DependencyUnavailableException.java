package dev.shipshape.controller.resilience;

import dev.shipshape.reconcilers.ReconcileException;

import java.time.Instant;

/**
 * A dependency's circuit breaker is open: shipshape did not call it at all. Transient, because the
 * breaker lets a trial call through at {@link #retryAt()}.
 */
public class DependencyUnavailableException extends ReconcileException {
    private final Dependency dependency;
    private final Instant retryAt;

    public DependencyUnavailableException(Dependency dependency, Instant retryAt, String message) {
        super(message, true);
        this.dependency = dependency;
        this.retryAt = retryAt;
    }

    public Dependency dependency() {
        return dependency;
    }

    /** When the breaker lets the next trial call through. */
    public Instant retryAt() {
        return retryAt;
    }
}
