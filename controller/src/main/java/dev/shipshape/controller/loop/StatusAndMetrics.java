package dev.shipshape.controller.loop;

import dev.shipshape.controller.ActionFailedException;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.status.RunResult;
import dev.shipshape.controller.status.StatusTracker;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecordInstalled;

import java.time.Duration;

/** Tells status and metrics what the loop did. */
public final class StatusAndMetrics implements LoopListener {
    private final StatusTracker status;
    private final ControllerMetrics metrics;
    private Action inFlight;

    public StatusAndMetrics(StatusTracker status, ControllerMetrics metrics) {
        this.status = status;
        this.metrics = metrics;
    }

    @Override
    public void desiredInvalid(String generation, String error) {
        status.desiredInvalid(generation, error);
        metrics.reconciliation(RunResult.INVALID, Duration.ZERO);
    }

    @Override
    public void passStarted(DesiredFile desired) {
        status.reconcileStarted(desired);
    }

    @Override
    public void actionStarting(Action action) {
        inFlight = action;
    }

    @Override
    public void actionFinished(Action action, long millis) {
        inFlight = null;
        metrics.action(action.kind(), true);
        if (action instanceof RecordInstalled r) {
            status.installedVersion(r.version());
        }
    }

    @Override
    public void passFinished(DesiredFile desired, Reconciliation.PassResult result, long millis) {
        Plan plan = result.plan();
        if (result.suspended()) {
            status.suspended(desired, plan, millis);
            metrics.reconciliation(RunResult.SUSPENDED, Duration.ofMillis(millis));
            return;
        }
        status.reconcileFinished(desired, plan, result.done(), millis);
        metrics.driftDetected(plan);
        metrics.reconciliation(plan.converged() && result.done().isEmpty() ? RunResult.CONVERGED : RunResult.CHANGED,
                Duration.ofMillis(millis));
        metrics.converged(plan.converged());
        metrics.versions(plan.installed(), plan.target());
    }

    @Override
    public void passFailed(DesiredFile desired, Throwable error, Duration retryIn, long millis) {
        Action failed = error instanceof ActionFailedException f ? f.action() : inFlight;
        if (failed != null) {
            metrics.action(failed.kind(), false);
        }
        inFlight = null;
        status.reconcileFailed(desired, error, true, millis);
        if (error instanceof CrashLoopGate.CrashLoopException) {
            status.degraded("CrashLoop", error.getMessage());
        }
        metrics.reconciliation(RunResult.FAILED, Duration.ofMillis(millis));
        metrics.converged(false);
    }
}
