package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.OutsideText;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.NoSuchContainerException;
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

    /** docker stop's default grace, for a service that sets no stop_grace_period */
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private final ContainerRuntime runtime;
    private final ContainerFactory factory;
    private final HealthGate health;
    private final DowntimeSlots downtime;
    private final Failpoints.Reach failpoints;

    public RecreateServiceReconciler(ContainerRuntime runtime, ContainerFactory factory, HealthGate health, DowntimeSlots downtime) {
        this(runtime, factory, health, downtime, Failpoints.ENVIRONMENT);
    }

    public RecreateServiceReconciler(ContainerRuntime runtime, ContainerFactory factory, HealthGate health, DowntimeSlots downtime,
                                     Failpoints.Reach failpoints) {
        this.runtime = runtime;
        this.factory = factory;
        this.health = health;
        this.downtime = downtime;
        this.failpoints = failpoints;
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
    public ActionOutcome reconcile(RecreateService action, ProjectContext project) {
        ServiceSpec spec = action.spec();
        String name = spec.containerName(project.project());
        String old = action.oldContainerId();
        long t0 = System.nanoTime();
        String id;
        long created;
        long[] down = new long[2];
        try {
            id = downtime.background(BACKGROUND_WAIT, () -> createReplacement(action, project, replacementName(name, old)));
            created = System.nanoTime();
            downtime.run(spec.name(), project.cancellation(), () -> {
                down[0] = System.nanoTime();
                stopOld(old, spec);
                failpoints.reach(Failpoints.AFTER_STOP_OLD);
                startReplacement(id, old, spec);
                down[1] = System.nanoTime();
            });
        } catch (ReconcileException e) {
            // refused before the outage (a stranger holds the name, the image is missing), cancelled while
            // waiting for it, or the replacement would not start (the old one is started again)
            return ActionOutcome.of(e);
        }
        ActionOutcome outcome = health.awaitHealthy(id, spec.name(), project.desired().spec().rollout().healthTimeout(),
                project.cancellation(), OutsideText.of(project.paths()));
        if (!outcome.isDone()) {
            return outcome; // the old container stays stopped under the service's name, for a rollback to start
        }
        long healthy = System.nanoTime();
        downtime.background(BACKGROUND_WAIT, () -> removeOld(old));
        takeName(id, name);
        LOG.info("recreated {} at {} ({}) in {} ms: down {} ms (stop and start), created after {} ms (it waits while other services are down), healthy after {} ms",
                name, action.version(), String.join("; ", action.reasons()), ms(System.nanoTime() - t0), ms(down[1] - down[0]),
                ms(created - t0), ms(healthy - down[1]));
        return ActionOutcome.done();
    }

    /** Step 1, the old container still serves: creates the new one under its temporary name. */
    private String createReplacement(RecreateService action, ProjectContext project, String temporaryName) {
        removeIfPresent(temporaryName); // left by an interrupted attempt at the same replacement
        return factory.create(project, action.spec(), action.configHash(), action.version(), temporaryName);
    }

    /** Step 2, the service goes down. */
    private void stopOld(String old, ServiceSpec spec) {
        // stopped already, or gone: fine, it is being replaced anyway
        runtime.stop(old, spec.stopGracePeriod() == null ? DEFAULT_GRACE
                : Duration.ofSeconds(Math.max(1, spec.stopGracePeriod().toSeconds())));
    }

    /** Step 3, the service comes back on the new container; if that cannot start, the old one is started again. */
    private void startReplacement(String id, String old, ServiceSpec spec) {
        try {
            runtime.start(id);
        } catch (RuntimeException e) {
            try {
                runtime.start(old); // false: running again already
            } catch (NoSuchContainerException gone) {
                // nothing more to put back
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
        runtime.remove(old); // removed behind our back already: fine
        return null;
    }

    /** Step 5: the new container takes the service's name. */
    private void takeName(String id, String name) {
        runtime.rename(id, name);
    }

    private void removeIfPresent(String container) {
        runtime.remove(container); // absent: the usual case
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
