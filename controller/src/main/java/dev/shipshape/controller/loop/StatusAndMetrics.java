package dev.shipshape.controller.loop;

import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.controller.ActionFailedException;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.controller.status.AppliedCommit;
import dev.shipshape.controller.status.RunResult;
import dev.shipshape.controller.status.ServiceStatus;
import dev.shipshape.controller.status.StatusTracker;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecordInstalled;

import java.time.Duration;

/** Tells status and metrics what the loop did. */
public final class StatusAndMetrics implements LoopListener {
    private final StatusTracker status;
    private final ControllerMetrics metrics;
    private final GitMetrics git;
    /** On a swarm the services come from the swarm's tasks (SwarmTaskCounts), not from this host's containers. */
    private final boolean swarm;
    private Action inFlight;
    /** The commit of the desired state the current pass reconciles, or null for a plain file. */
    private AppliedCommit commit;

    /** @param git null when no branch is followed; @param swarm whether the project runs on a swarm */
    public StatusAndMetrics(StatusTracker status, ControllerMetrics metrics, GitMetrics git, boolean swarm) {
        this.swarm = swarm;
        this.status = status;
        this.metrics = metrics;
        this.git = git;
    }

    @Override
    public void desiredRead(DesiredRead read) {
        commit = read.commit();
        DesiredRead.Problem p = read.problem();
        if (p == null) {
            status.sourceProblem(null, null, null);
        } else {
            status.sourceProblem(p.reason(), p.generation(), p.message());
        }
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
    public void observed(ObservedState observed) {
        if (swarm) {
            return;
        }
        status.services(ServiceStatus.of(observed.containers()));
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
    public void passFinished(DesiredFile desired, PassOutcome result, long millis) {
        Plan plan = result.plan();
        if (result instanceof PassOutcome.Suspended) {
            status.suspended(desired, plan, millis);
            metrics.reconciliation(RunResult.SUSPENDED, Duration.ofMillis(millis));
            return;
        }
        status.reconcileFinished(desired, plan, result.done(), millis);
        applied();
        metrics.driftDetected(plan);
        metrics.reconciliation(plan.converged() && result.done().isEmpty() ? RunResult.CONVERGED : RunResult.CHANGED,
                Duration.ofMillis(millis));
        metrics.converged(plan.converged());
        metrics.versions(plan.installed(), plan.target());
    }

    /** A pass that ended without error applied its commit, even when it converged with nothing to do. */
    private void applied() {
        if (commit == null) {
            return;
        }
        status.appliedCommit(commit);
        if (git != null) {
            git.appliedCommit(commit);
        }
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
