package dev.shipshape.controller;

import dev.shipshape.controller.resilience.ResilientDispatcher;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.Planner;

import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.observe.Observation;
import dev.shipshape.reconcilers.observe.ProjectObserver;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One reconciliation, level-triggered: observe the whole project, plan against the desired state,
 * act in order and stop at the first failure. It never trusts what woke it. Actions that call an
 * outside dependency (Docker, the registry, the release source) go through retries and a circuit
 * breaker per dependency.
 */
public final class Reconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    private final ProjectObserver observer;
    private final Planner planner;
    private final ResilientDispatcher dispatcher;

    @Inject
    public Reconciliation(ProjectObserver observer, Planner planner, ResilientDispatcher dispatcher) {
        this.observer = observer;
        this.planner = planner;
        this.dispatcher = dispatcher;
    }

    /** Observe and plan only: changes nothing. */
    public Plan plan(ProjectContext project) {
        Observation observation = observer.observe(project);
        return planner.plan(observation.desired(), observation.observed());
    }

    /** Observe, plan and act once. */
    public PassResult pass(ProjectContext project, ProgressListener listener) {
        Plan plan = plan(project);
        List<Action> done = new ArrayList<>();
        if (project.desired().spec().suspended()) {
            return new PassResult(plan, done, true);
        }
        for (Action action : plan.actions()) {
            listener.starting(action);
            long started = System.nanoTime();
            try {
                dispatcher.run(action, project);
            } catch (RuntimeException e) {
                throw new ActionFailedException(action, plan, e);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            LOG.info("{} done in {} ms", action.describe(), ms);
            listener.finished(action, ms);
            done.add(action);
        }
        return new PassResult(plan, done, false);
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
