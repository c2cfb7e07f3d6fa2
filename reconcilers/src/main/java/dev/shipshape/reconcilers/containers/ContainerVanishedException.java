package dev.shipshape.reconcilers.containers;

import dev.shipshape.reconcilers.ReconcileException;

/**
 * A container shipshape was acting on was removed by someone else meanwhile (`docker rm -f`).
 * Transient: the next pass plans against what is there now. It says nothing about the engine's
 * health, so circuit breakers do not count it, nor about the release, so no rollout is judged
 * failed by it.
 */
public final class ContainerVanishedException extends ReconcileException {
    public ContainerVanishedException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
