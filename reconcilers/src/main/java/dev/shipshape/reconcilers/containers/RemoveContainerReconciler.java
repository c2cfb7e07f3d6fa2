package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.plan.RemoveContainer;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;

/** Removes a container this project no longer needs. Never its volumes. */
public final class RemoveContainerReconciler implements Reconciler<RemoveContainer> {
    private final ContainerRuntime runtime;

    public RemoveContainerReconciler(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Class<RemoveContainer> actionType() {
        return RemoveContainer.class;
    }

    @Override
    public ActionOutcome reconcile(RemoveContainer action, ProjectContext project) {
        if (action.serviceRemoved()) {
            // the data outlives the service: remember its volumes so status can list them
            runtime.inspect(action.containerId()).ifPresent(c ->
                    project.records().keptVolumes().add(c.volumes()));
        }
        runtime.remove(action.containerId());
        return ActionOutcome.done();
    }
}
