package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.plan.StopService;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;

import java.time.Duration;

/** Stops a container (state: stopped, the runbook's down). The container and its volumes are kept. */
public final class StopServiceReconciler implements Reconciler<StopService> {
    /** docker stop's default grace */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final ContainerRuntime runtime;

    public StopServiceReconciler(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Class<StopService> actionType() {
        return StopService.class;
    }

    @Override
    public ActionOutcome reconcile(StopService action, ProjectContext project) {
        // already stopped or gone: the desired state holds (the runtime says nothing)
        runtime.stop(action.containerId(), GRACE);
        return ActionOutcome.done();
    }
}
