package dev.shipshape.controller;

import dev.shipshape.controller.resilience.ResilientDispatcher;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.ActionBatches;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.Planner;

import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.observe.Observation;
import dev.shipshape.reconcilers.observe.ProjectObserver;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One reconciliation, level-triggered: observe the whole project, plan against the desired state,
 * act in plan order (independent services side by side, see {@link ActionBatches}) and stop at the
 * first failure. It never trusts what woke it. Actions that call an
 * outside dependency (Docker, the registry, the release source) go through retries and a circuit
 * breaker per dependency.
 */
public final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final ProjectObserver observer;
    private final Planner planner;
    private final ResilientDispatcher dispatcher;
    /** Docker handles a few container starts at once well; more only queue up inside the engine. */
    static final int PARALLEL_SERVICES = 4;

    @Inject
    public Reconciliation(ProjectObserver observer, Planner planner, ResilientDispatcher dispatcher) {
        this.observer = observer;
        this.planner = planner;
        this.dispatcher = dispatcher;
    }

    /** Observe and plan only: changes nothing. */
    public Plan plan(ProjectContext project) {
        Observation observation;
        try {
            observation = observer.observe(project);
        } catch (RuntimeException e) {
            throw DockerEngineUnreachableException.of(e).<RuntimeException>map(u -> u).orElse(e);
        }
        return planner.plan(observation.desired(), observation.observed());
    }

    /** Observe, plan and act once. */
    public PassResult pass(ProjectContext project, ProgressListener listener) {
        Plan plan = plan(project);
        List<Action> done = new ArrayList<>();
        if (project.desired().spec().suspended()) {
            return new PassResult(plan, done, true);
        }
        for (List<Action> batch : ActionBatches.of(plan.actions())) {
            batch.forEach(listener::starting);
            List<Outcome> outcomes = batch.size() == 1 ? List.of(run(batch.get(0), project)) : runTogether(batch, project);
            // Listeners hear of every action on this thread, in plan order; the first failure ends the pass.
            for (Outcome o : outcomes) {
                if (o.failure() != null) {
                    // an engine that went away says nothing about the release: never judged as a failed rollout
                    RuntimeException cause = DockerEngineUnreachableException.of(o.failure()).<RuntimeException>map(u -> u)
                            .orElse(o.failure());
                    throw new ActionFailedException(o.action(), plan, cause);
                }
                LOG.info("{} done in {} ms", o.action().describe(), o.millis());
                listener.finished(o.action(), o.millis());
                done.add(o.action());
            }
        }
        return new PassResult(plan, done, false);
    }

    private record Outcome(Action action, long millis, RuntimeException failure) {
    }

    private Outcome run(Action action, ProjectContext project) {
        long started = System.nanoTime();
        try {
            dispatcher.run(action, project);
            return new Outcome(action, (System.nanoTime() - started) / 1_000_000, null);
        } catch (RuntimeException e) {
            return new Outcome(action, (System.nanoTime() - started) / 1_000_000, e);
        }
    }

    /**
     * Independent services are (re)created side by side, a few at a time, each still gated on its
     * own health check; all are awaited, so nothing is left half-done when one fails.
     */
    private List<Outcome> runTogether(List<Action> batch, ProjectContext project) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_SERVICES, batch.size()), r -> {
            Thread t = new Thread(r, "shipshape-rollout");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Action a : batch) {
                futures.add(pool.submit(() -> run(a, project)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                try {
                    outcomes.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome(batch.get(i), 0, new IllegalStateException(e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    project.cancellation().cancel("interrupted");
                    outcomes.add(new Outcome(batch.get(i), 0, new Cancellation.CancelledException(
                            batch.get(i).describe() + " was interrupted")));
                }
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }

    /** What one pass planned and did. */
    public record PassResult(Plan plan, List<Action> done, boolean suspended) {
    }

    /** Tells a user what is happening while a pass acts. */
    public interface ProgressListener {
        ProgressListener NONE = new ProgressListener() {
        };

        default void starting(Action action) {
        }

        default void finished(Action action, long millis) {
        }
    }
}
