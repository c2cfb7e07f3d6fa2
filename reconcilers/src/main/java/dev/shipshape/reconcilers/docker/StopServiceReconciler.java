package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.model.plan.StopService;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;

/** Stops a container (state: stopped, the runbook's down). The container and its volumes are kept. */
public final class StopServiceReconciler implements Reconciler<StopService> {
    private final DockerClient docker;

    public StopServiceReconciler(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public Class<StopService> actionType() {
        return StopService.class;
    }

    @Override
    public void reconcile(StopService action, ProjectContext project) {
        try {
            docker.stopContainerCmd(action.containerId()).withTimeout(10).exec();
        } catch (com.github.dockerjava.api.exception.NotModifiedException | NotFoundException done) {
            // already stopped or gone: the desired state holds
        }
    }
}
