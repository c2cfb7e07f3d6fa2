package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.plan.StartService;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.OutsideText;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;

/** Starts an up-to-date container that is stopped, then waits for it to be healthy. */
public final class StartServiceReconciler implements Reconciler<StartService> {
    private final ContainerRuntime runtime;
    private final HealthGate health;

    public StartServiceReconciler(ContainerRuntime runtime, HealthGate health) {
        this.runtime = runtime;
        this.health = health;
    }

    @Override
    public Class<StartService> actionType() {
        return StartService.class;
    }

    @Override
    public ActionOutcome reconcile(StartService action, ProjectContext project) {
        // false: running already (its restart policy may have started it), which is what we wanted; the health gate judges
        runtime.start(action.containerId());
        return health.awaitHealthy(action.containerId(), action.service(), project.desired().spec().rollout().healthTimeout(),
                project.cancellation(), OutsideText.of(project.paths()));
    }
}
