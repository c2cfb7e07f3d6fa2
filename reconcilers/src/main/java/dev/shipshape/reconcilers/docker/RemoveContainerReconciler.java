package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.model.plan.RemoveContainer;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.state.KeptVolumesStore;

import java.util.List;

/** Removes a container this project no longer needs. Never its volumes. */
public final class RemoveContainerReconciler implements Reconciler<RemoveContainer> {
    private final DockerClient docker;

    public RemoveContainerReconciler(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public Class<RemoveContainer> actionType() {
        return RemoveContainer.class;
    }

    @Override
    public void reconcile(RemoveContainer action, ProjectContext project) {
        try {
            if (action.serviceRemoved()) {
                // the data outlives the service: remember its volumes so status can list them
                var mounts = docker.inspectContainerCmd(action.containerId()).exec().getMounts();
                project.records().keptVolumes().add(mounts == null ? List.of() : mounts.stream()
                        .map(m -> m.getName()).filter(n -> n != null && !n.isEmpty()).toList());
            }
            docker.removeContainerCmd(action.containerId()).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }
}
