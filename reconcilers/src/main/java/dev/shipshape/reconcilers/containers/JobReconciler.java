package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.plan.RunJob;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.Labels;
import dev.shipshape.reconcilers.runtime.NameTakenException;
import dev.shipshape.reconcilers.runtime.NoSuchImageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
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

    private final ContainerRuntime runtime;
    private final ContainerFactory factory;
    private final Clock clock;

    public JobReconciler(ContainerRuntime runtime, ContainerFactory factory, Clock clock) {
        this.runtime = runtime;
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
    public ActionOutcome reconcile(RunJob action, ProjectContext project) {
        String job = describe(action);
        String name = containerName(project.project(), action.job().name());
        Cancellation cancellation = project.cancellation();
        String id;
        ContainerInfo state;
        try {
            cancellation.checkpoint("starting " + job);
            id = resumable(action, project, name);
            if (id == null) {
                id = create(action, project, name);
                runtime.start(id);
                LOG.info("started {} in container {} ({})", job, name, id.substring(0, 12));
            } else {
                LOG.info("{} is still running in container {} ({}) from an earlier pass; waiting for it", job, name,
                        id.substring(0, 12));
            }
            state = awaitExit(id, job, name, project.desired().spec().rollout().healthTimeout(), cancellation);
        } catch (ReconcileException e) {
            // a stranger holds the name, the image is missing, it ran too long or vanished; or cancelled
            return ActionOutcome.of(e);
        }
        Long exit = state.exitCode();
        if (exit == null || exit != 0L) {
            return ActionOutcome.verdict(job + " failed with exit code " + exit
                    + (state.oomKilled() ? " (killed: out of memory)" : "")
                    + "; the rollout stopped. Its container " + name + " is kept for inspection: see `docker logs "
                    + id.substring(0, 12) + "`");
        }
        // Recorded before the container is removed: a crash in between leaves only an exited container.
        project.records().jobs().record(action.key(), clock.instant());
        try {
            runtime.remove(id);
        } catch (RuntimeException e) {
            LOG.warn("{} completed, but its container {} could not be removed ({}); remove it by hand", job, name, e.toString());
        }
        LOG.info("{} completed", job);
        return ActionOutcome.done();
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
        ContainerInfo existing = runtime.inspect(name).orElse(null);
        if (existing == null) {
            return null;
        }
        Map<String, String> labels = existing.labels();
        if (!project.project().equals(labels.get(Labels.PROJECT)) || !action.job().name().equals(labels.get(Labels.JOB))) {
            throw new ReconcileException("a container named " + name + " already exists and is not the container of job "
                    + action.job().name() + " of project " + project.project() + "; rename or remove it, then apply again",
                    false);
        }
        boolean running = existing.running() || existing.restarting();
        if (running && action.version().toString().equals(labels.get(Labels.VERSION))) {
            return existing.id();
        }
        runtime.remove(existing.id());
        return null;
    }

    private String create(RunJob action, ProjectContext project, String name) {
        var definition = ContainerFactory.definitions(project).job(action, name);
        factory.prepare(project, action.spec());
        try {
            return runtime.create(definition);
        } catch (NameTakenException e) {
            // another pass created it between our check and now: the next pass deals with it
            throw new ReconcileException("a container named " + name + " appeared while starting " + describe(action)
                    + "; apply again", true, e);
        } catch (NoSuchImageException e) {
            throw new ReconcileException("image " + action.spec().image() + " of " + describe(action) + " is not on this"
                    + " host; it should have been pulled first. Apply again to pull it.", true, e);
        }
    }

    private ContainerInfo awaitExit(String id, String job, String name, Duration timeout, Cancellation cancellation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ContainerInfo state = runtime.inspect(id).orElseThrow(() -> new ReconcileException("the container of " + job
                    + " disappeared before it finished; apply again to run the job again", true));
            if (state.ended()) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                runtime.kill(id); // it ended or went away meanwhile: fine
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
}
