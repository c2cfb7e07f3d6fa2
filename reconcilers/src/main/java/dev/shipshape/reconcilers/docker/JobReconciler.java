package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.state.JobRecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a one-shot job to completion: a container named {@code <project>-<job>-job} with the image,
 * environment, volumes, entrypoint, user and working folder of the job's service (as the target
 * release renders it) and the job's command, like {@code docker compose run}. It carries the
 * project label, {@code com.docker.compose.oneoff=True} and {@code dev.shipshape.job=<name>}, and
 * no service label, so the planner never takes it for a service container.
 * <p>
 * Exit 0: the job is recorded in {@code .shipshape/jobs.yaml} and its container removed. Any other
 * exit, or no exit within {@code rollout.healthTimeout}: a non-transient failure naming the job and
 * exit code; the container is kept for {@code docker logs} and removed when the job next runs.
 * The job's output is never read nor logged (it may print secrets).
 * <p>
 * Cancellation is honoured before the container is started and while waiting for it; a job that is
 * still running then is left running (stopping a migration half-way is worse), and the next run of
 * the same job of the same version waits for that container instead of starting another.
 */
public final class JobReconciler implements Reconciler<RunJob> {
    private static final Logger LOG = LoggerFactory.getLogger(JobReconciler.class);
    static final Duration POLL = Duration.ofMillis(200);

    private final DockerClient docker;
    private final ContainerFactory factory;
    private final Clock clock;

    public JobReconciler(DockerClient docker, ContainerFactory factory, Clock clock) {
        this.docker = docker;
        this.factory = factory;
        this.clock = clock;
    }

    /** The name of the container of {@code job} in {@code project}. */
    public static String containerName(String project, String job) {
        return project + "-" + job + "-job";
    }

    @Override
    public Class<RunJob> actionType() {
        return RunJob.class;
    }

    @Override
    public void reconcile(RunJob action, ProjectContext project) {
        String job = describe(action);
        String name = containerName(project.project(), action.job().name());
        Cancellation cancellation = project.cancellation();
        cancellation.checkpoint("starting " + job);

        String id = resumable(action, project, name);
        if (id == null) {
            id = create(action, project, name);
            docker.startContainerCmd(id).exec();
            LOG.info("started {} in container {} ({})", job, name, id.substring(0, 12));
        } else {
            LOG.info("{} is still running in container {} ({}) from an earlier pass; waiting for it", job, name, id.substring(0, 12));
        }

        InspectContainerResponse.ContainerState state = awaitExit(id, job, name,
                project.desired().spec().rollout().healthTimeout(), cancellation);
        Long exit = state.getExitCodeLong();
        if (exit == null || exit != 0L) {
            throw new ReconcileException(job + " failed with exit code " + exit
                    + (Boolean.TRUE.equals(state.getOOMKilled()) ? " (killed: out of memory)" : "")
                    + "; the rollout stopped. Its container " + name + " is kept for inspection: see `docker logs "
                    + id.substring(0, 12) + "`", false);
        }
        // Recorded before the container is removed: a crash in between leaves only an exited container.
        project.records().jobs().record(action.key(), clock.instant());
        try {
            remove(id);
        } catch (RuntimeException e) {
            LOG.warn("{} completed, but its container {} could not be removed ({}); remove it by hand", job, name, e.toString());
        }
        LOG.info("{} completed", job);
    }

    private static String describe(RunJob action) {
        return "job " + action.job().name() + " of " + action.version();
    }

    /**
     * Deals with a container of an earlier run of this job: one still running this very job and
     * version (its pass was cancelled) is waited for, and its id returned; any other is removed.
     * A container of that name that is not this project's job container is never touched.
     */
    private String resumable(RunJob action, ProjectContext project, String name) {
        InspectContainerResponse existing;
        try {
            existing = docker.inspectContainerCmd(name).exec();
        } catch (NotFoundException none) {
            return null;
        }
        Map<String, String> labels = existing.getConfig() == null || existing.getConfig().getLabels() == null
                ? Map.of() : existing.getConfig().getLabels();
        if (!project.project().equals(labels.get(Labels.PROJECT)) || !action.job().name().equals(labels.get(Labels.JOB))) {
            throw new ReconcileException("a container named " + name + " already exists and is not the container of job "
                    + action.job().name() + " of project " + project.project() + "; rename or remove it, then apply again",
                    false);
        }
        InspectContainerResponse.ContainerState state = existing.getState();
        boolean running = state != null && (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting()));
        if (running && action.version().toString().equals(labels.get(Labels.VERSION))) {
            return existing.getId();
        }
        remove(existing.getId());
        return null;
    }

    private String create(RunJob action, ProjectContext project, String name) {
        ServiceSpec spec = action.spec();
        factory.ensureVolumes(project, spec);
        List<String> command = action.job().command().isEmpty() ? spec.command() : action.job().command();
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(name)
                .withLabels(labels(project, action))
                .withEnv(spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode("host")
                        .withBinds(factory.binds(project, spec))
                        .withRestartPolicy(RestartPolicy.noRestart()));
        if (spec.entrypoint() != null) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (command != null) {
            cmd.withCmd(command);
        }
        if (spec.user() != null) {
            cmd.withUser(spec.user());
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        try {
            return cmd.exec().getId();
        } catch (ConflictException e) {
            // another pass created it between our check and now: the next pass deals with it
            throw new ReconcileException("a container named " + name + " appeared while starting " + describe(action)
                    + "; apply again", true, e);
        } catch (NotFoundException e) {
            throw new ReconcileException("image " + spec.image() + " of " + describe(action) + " is not on this host; it"
                    + " should have been pulled first. Apply again to pull it.", true, e);
        }
    }

    private static Map<String, String> labels(ProjectContext project, RunJob action) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.PROJECT, project.project());
        labels.put(Labels.ONEOFF, "True");
        labels.put(Labels.JOB, action.job().name());
        labels.put(Labels.WORKING_DIR, project.paths().export().toString());
        labels.put(Labels.CONFIG_FILES, project.paths().export().resolve("compose.yaml").toString());
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.VERSION, action.version().toString());
        return labels;
    }

    private InspectContainerResponse.ContainerState awaitExit(String id, String job, String name, Duration timeout,
                                                              Cancellation cancellation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            InspectContainerResponse.ContainerState state;
            try {
                state = docker.inspectContainerCmd(id).exec().getState();
            } catch (NotFoundException e) {
                throw new ReconcileException("the container of " + job + " disappeared before it finished; apply again to"
                        + " run the job again", true, e);
            }
            if (!Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting())
                    && ("exited".equals(state.getStatus()) || "dead".equals(state.getStatus()))) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                try {
                    docker.killContainerCmd(id).exec();
                } catch (NotFoundException | ConflictException | NotModifiedException e) {
                    // it ended or went away meanwhile
                }
                throw new ReconcileException(job + " did not finish within " + timeout.toSeconds() + "s and was stopped;"
                        + " the rollout stopped. Its container " + name + " is kept for inspection: see `docker logs "
                        + id.substring(0, 12) + "`. Raise spec.rollout.healthTimeout if it needs longer.", false);
            }
            cancellation.checkpoint("waiting for " + job + " (its container " + name + " keeps running and is waited for"
                    + " by the next pass)");
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReconcileException("interrupted while waiting for " + job, true, e);
            }
        }
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }
}
