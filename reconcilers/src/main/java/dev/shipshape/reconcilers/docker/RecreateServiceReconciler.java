package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a service's container as docker compose does: stop the old one, rename it aside,
 * create and start the new one under the service's name, wait for health, then remove the old.
 * Host networking means old and new cannot listen at once, so the old one stops first; the image
 * is already pulled, so the gap is only the new container's start. If the new container cannot
 * be created, the old one is renamed back and started.
 */
public final class RecreateServiceReconciler implements Reconciler<RecreateService> {
    private static final Logger LOG = LoggerFactory.getLogger(RecreateServiceReconciler.class);

    private final DockerClient docker;
    private final ContainerFactory factory;
    private final HealthGate health;

    public RecreateServiceReconciler(DockerClient docker, ContainerFactory factory, HealthGate health) {
        this.docker = docker;
        this.factory = factory;
        this.health = health;
    }

    @Override
    public Class<RecreateService> actionType() {
        return RecreateService.class;
    }

    @Override
    public void reconcile(RecreateService action, ProjectContext project) {
        ServiceSpec spec = action.spec();
        String name = spec.containerName(project.project());
        String old = action.oldContainerId();
        String aside = old.substring(0, 12) + "_" + name;

        stop(old, spec);
        try {
            docker.renameContainerCmd(old).withName(aside).exec();
        } catch (NotFoundException gone) {
            old = null; // removed behind our back: nothing to keep aside
        }
        Failpoints.reach(Failpoints.AFTER_STOP_OLD);
        String id;
        try {
            id = factory.create(project, spec, action.configHash(), action.version());
        } catch (RuntimeException e) {
            restoreOld(old, name);
            throw e;
        }
        docker.startContainerCmd(id).exec();
        // On failure the old container stays stopped beside the new one, for a rollback to use.
        health.awaitHealthy(id, spec.name(), project.desired().spec().rollout().healthTimeout(),
                project.cancellation());
        if (old != null) {
            docker.removeContainerCmd(old).withForce(true).withRemoveVolumes(false).exec();
        }
        LOG.info("recreated {} at {} ({})", name, action.version(), String.join("; ", action.reasons()));
    }

    private void stop(String id, ServiceSpec spec) {
        int timeout = spec.stopGracePeriod() == null ? 10 : (int) Math.max(1, spec.stopGracePeriod().toSeconds());
        try {
            docker.stopContainerCmd(id).withTimeout(timeout).exec();
        } catch (NotModifiedException alreadyStopped) {
            // fine: stopping is what we wanted
        } catch (NotFoundException gone) {
            // fine: it is being replaced anyway
        }
    }

    private void restoreOld(String old, String name) {
        if (old == null) {
            return;
        }
        try {
            docker.renameContainerCmd(old).withName(name).exec();
            docker.startContainerCmd(old).exec();
        } catch (RuntimeException e) {
            throw new ReconcileException("creating the new container failed and the old one (" + old.substring(0, 12)
                    + ") could not be put back: " + e.getMessage() + ". Apply again to retry.", true, e);
        }
    }
}
