package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.plan.CreateService;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.OutsideText;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and starts a service that has no container, then waits for it to be healthy. */
public final class CreateServiceReconciler implements Reconciler<CreateService> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateServiceReconciler.class);

    private final ContainerRuntime runtime;
    private final ContainerFactory factory;
    private final HealthGate health;

    public CreateServiceReconciler(ContainerRuntime runtime, ContainerFactory factory, HealthGate health) {
        this.runtime = runtime;
        this.factory = factory;
        this.health = health;
    }

    @Override
    public Class<CreateService> actionType() {
        return CreateService.class;
    }

    @Override
    public ActionOutcome reconcile(CreateService action, ProjectContext project) {
        String id;
        try {
            id = factory.create(project, action.spec(), action.configHash(), action.version());
        } catch (ReconcileException refused) {
            return ActionOutcome.of(refused); // a stranger holds the name, or the image is missing
        }
        // false: an earlier attempt at this create started it (see ContainerFactory), which is fine
        runtime.start(id);
        ActionOutcome healthy = health.awaitHealthy(id, action.spec().name(),
                project.desired().spec().rollout().healthTimeout(), project.cancellation(), OutsideText.of(project.paths()));
        if (healthy.isDone()) {
            LOG.info("created {} ({}) at {}", action.spec().containerName(project.project()), id.substring(0, 12), action.version());
        }
        return healthy;
    }
}
