package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;

/** Starts an up-to-date container that is stopped, then waits for it to be healthy. */
public final class StartServiceReconciler implements Reconciler<StartService> {
    private final DockerClient docker;
    private final HealthGate health;

    public StartServiceReconciler(DockerClient docker, HealthGate health) {
        this.docker = docker;
        this.health = health;
    }

    @Override
    public Class<StartService> actionType() {
        return StartService.class;
    }

    @Override
    public void reconcile(StartService action, ProjectContext project) {
        try {
            docker.startContainerCmd(action.containerId()).exec();
        } catch (NotModifiedException alreadyRunning) {
            // fine: running is what we wanted
        } catch (InternalServerErrorException e) {
            // Just after the engine restarts, its restart policy may be starting the same container: the
            // engine then says its task "already exists". Running is what we wanted; the health gate judges.
            if (e.getMessage() == null || !e.getMessage().contains("already exists")) {
                throw e;
            }
        }
        health.awaitHealthy(action.containerId(), action.service(), project.desired().spec().rollout().healthTimeout(),
                project.cancellation());
    }
}
