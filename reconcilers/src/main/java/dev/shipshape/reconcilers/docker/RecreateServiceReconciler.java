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

import java.time.Duration;

/**
 * Replaces a service's container with the service down only for a stop and a start, like
 * {@code docker restart}: the new container is created first, under a temporary name, while the old
 * one still serves (host networking: nothing listens before it starts, so nothing clashes); then the
 * old one stops and the new one starts, at most {@link DowntimeSlots} services at a time; once the new
 * one is healthy the old one is removed and the new one takes the service's name.
 *
 * <p>Crash safety: the old container keeps the service's name until the new one is healthy, so after a
 * crash at any point the next plan finds either the old container (which it replaces again, removing the
 * replacement as a leftover first) or, between the removal and the rename, only the replacement, which
 * it removes as a leftover and creates anew. When the new container does not become healthy, the old one
 * stays stopped under the service's name: a rollback only has to remove the replacement and start it.
 */
public final class RecreateServiceReconciler implements Reconciler<RecreateService> {
    private static final Logger LOG = LoggerFactory.getLogger(RecreateServiceReconciler.class);
    /** Marks a replacement in its name; see {@link #replacementName}. */
    public static final String REPLACEMENT_MARK = "-next-";
    /** How long a create or a removal waits for other services' outages to end (see {@link DowntimeSlots#background}). */
    private static final Duration BACKGROUND_WAIT = Duration.ofSeconds(10);

    private final DockerClient docker;
    private final ContainerFactory factory;
    private final HealthGate health;
    private final DowntimeSlots downtime;

    public RecreateServiceReconciler(DockerClient docker, ContainerFactory factory, HealthGate health, DowntimeSlots downtime) {
        this.docker = docker;
        this.factory = factory;
        this.health = health;
        this.downtime = downtime;
    }

    @Override
    public Class<RecreateService> actionType() {
        return RecreateService.class;
    }

    /**
     * The temporary name of the container that replaces {@code oldId}: fixed for a given old container,
     * so a retried replacement finds (and removes) what an interrupted attempt left.
     */
    public static String replacementName(String name, String oldId) {
        return name + REPLACEMENT_MARK + oldId.substring(0, 12);
    }

    @Override
    public void reconcile(RecreateService action, ProjectContext project) {
        ServiceSpec spec = action.spec();
        String name = spec.containerName(project.project());
        String old = action.oldContainerId();
        long t0 = System.nanoTime();
        String id = downtime.background(BACKGROUND_WAIT, () -> createReplacement(action, project, replacementName(name, old)));
        long created = System.nanoTime();
        long[] down = new long[2];
        downtime.run(spec.name(), project.cancellation(), () -> {
            down[0] = System.nanoTime();
            stopOld(old, spec);
            Failpoints.reach(Failpoints.AFTER_STOP_OLD);
            startReplacement(id, old, spec);
            down[1] = System.nanoTime();
        });
        // On failure the old container stays stopped under the service's name, for a rollback to start.
        health.awaitHealthy(id, spec.name(), project.desired().spec().rollout().healthTimeout(), project.cancellation());
        long healthy = System.nanoTime();
        downtime.background(BACKGROUND_WAIT, () -> removeOld(old));
        takeName(id, name);
        LOG.info("recreated {} at {} ({}) in {} ms: down {} ms (stop and start), created after {} ms (it waits while other services are down), healthy after {} ms",
                name, action.version(), String.join("; ", action.reasons()), ms(System.nanoTime() - t0), ms(down[1] - down[0]),
                ms(created - t0), ms(healthy - down[1]));
    }

    /** Step 1, the old container still serves: creates the new one under its temporary name. */
    private String createReplacement(RecreateService action, ProjectContext project, String temporaryName) {
        removeIfPresent(temporaryName); // left by an interrupted attempt at the same replacement
        return factory.create(project, action.spec(), action.configHash(), action.version(), temporaryName);
    }

    /** Step 2, the service goes down. */
    private void stopOld(String old, ServiceSpec spec) {
        int timeout = spec.stopGracePeriod() == null ? 10 : (int) Math.max(1, spec.stopGracePeriod().toSeconds());
        try {
            docker.stopContainerCmd(old).withTimeout(timeout).exec();
        } catch (NotModifiedException alreadyStopped) {
            // fine: stopping is what we wanted
        } catch (NotFoundException gone) {
            // fine: it is being replaced anyway
        }
    }

    /** Step 3, the service comes back on the new container; if that cannot start, the old one is started again. */
    private void startReplacement(String id, String old, ServiceSpec spec) {
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            try {
                docker.startContainerCmd(old).exec();
            } catch (NotFoundException | NotModifiedException ignored) {
                // gone, or already running again: nothing more to put back
            } catch (RuntimeException restart) {
                e.addSuppressed(restart);
                throw new ReconcileException("the new container of " + spec.name() + " could not be started ("
                        + e.getMessage() + ") and the old one could not be started again (" + restart.getMessage()
                        + "). Apply again to retry.", true, e);
            }
            throw e;
        }
    }

    /** Step 4, the new container is healthy: the old one goes (never its volumes). */
    private Void removeOld(String old) {
        try {
            docker.removeContainerCmd(old).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException gone) {
            // removed behind our back: fine
        }
        return null;
    }

    /** Step 5: the new container takes the service's name. */
    private void takeName(String id, String name) {
        docker.renameContainerCmd(id).withName(name).exec();
    }

    private void removeIfPresent(String container) {
        try {
            docker.removeContainerCmd(container).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException absent) {
            // the usual case
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
