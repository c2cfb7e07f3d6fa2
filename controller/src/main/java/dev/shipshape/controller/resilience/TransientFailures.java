package dev.shipshape.controller.resilience;

import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.containers.ContainerVanishedException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Decides which failures say something about a dependency's health. Only those are retried and
 * counted by circuit breakers: a checksum mismatch or a missing image is the same on the next try,
 * and says nothing about whether the server that reported it is well.
 */
public final class TransientFailures {
    /** Deep enough for any real wrapping; stops a cause cycle. */
    private static final int MAX_CAUSE_DEPTH = 16;

    private TransientFailures() {
    }

    /** Whether {@code failure} is the dependency failing (so its breaker counts it). */
    public static boolean isDependencyFailure(Throwable failure) {
        if (failure instanceof DependencyUnavailableException) {
            return false; // shipshape refused the call itself; the dependency was not asked
        }
        if (interrupted(failure) || failure instanceof Cancellation.CancelledException) {
            return false; // shutting down, or a newer desired state, is not the dependency's fault
        }
        if (failure instanceof ContainerVanishedException) {
            return false; // someone removed a container meanwhile: the engine answered correctly
        }
        if (failure instanceof ReconcileException reconcile) {
            // the reconciler knows its failure best: its verdict wins over any cause it wraps
            return reconcile.isTransient();
        }
        return isTransportFailure(failure);
    }

    /** Whether trying {@code failure}'s call again soon can help. */
    public static boolean shouldRetry(Throwable failure) {
        return !Thread.currentThread().isInterrupted() && isDependencyFailure(failure);
    }

    /**
     * docker-java's transport wraps every IOException in a plain RuntimeException; the JDK's HTTP
     * client and sockets throw SocketException (connection refused or reset) and timeouts.
     */
    private static boolean isTransportFailure(Throwable failure) {
        if (failure.getClass() == RuntimeException.class && failure.getCause() instanceof IOException) {
            return true;
        }
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean interrupted(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof InterruptedException
                    || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }
}
