package dev.shipshape.controller.loop;

import dev.shipshape.controller.ActionGate;
import dev.shipshape.controller.Failures;
import dev.shipshape.model.rollout.Failure;

import java.util.Optional;

import dev.shipshape.controller.resilience.CrashLoopGuard;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.reconcilers.ReconcileException;

import java.time.Clock;

/**
 * Crash-loop protection at the point of acting: shipshape brings a dead service back at most N
 * times in a window, then refuses, so the loop fails that pass, reports Degraded and backs off
 * instead of restarting in a hot loop.
 */
public final class CrashLoopGate implements ActionGate {
    private final CrashLoopGuard guard;
    private final Clock clock;

    public CrashLoopGate(CrashLoopGuard guard, Clock clock) {
        this.guard = guard;
        this.clock = clock;
    }

    /**
     * Counts the attempt, not the success: a service that dies again while shipshape waits for its
     * health check was restarted all the same, and must reach the cap.
     */
    @Override
    public Optional<Failure> refuse(Action action) {
        String service = healed(action);
        if (service == null) {
            return Optional.empty();
        }
        if (!guard.mayRestart(service, clock.instant())) {
            return Optional.of(Failures.refused(new CrashLoopException(guard.reason(clock.instant())
                    .orElse(service + " keeps dying"))));
        }
        guard.recordRestart(service, clock.instant());
        return Optional.empty();
    }

    /** The service an action brings back after it died, or null (upgrades are not heals). */
    private static String healed(Action action) {
        if (action instanceof StartService s) {
            // re-confirming the health of a running container a rollout left unconfirmed is no restart
            return s.isHealthRecheck() ? null : s.service();
        }
        if (action instanceof CreateService c) {
            return c.spec().name();
        }
        return null;
    }

    /** A service died too often; transient, so the loop retries after its backoff. */
    public static final class CrashLoopException extends ReconcileException {
        public CrashLoopException(String message) {
            super(message, true);
        }
    }
}
