package dev.shipshape.controller;

import dev.shipshape.controller.events.OnceEvents;
import dev.shipshape.controller.events.RolloutEvents;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.swarm.SwarmPasses;
import dev.shipshape.controller.updates.ReleaseUpdates;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.RuntimeKind;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.plan.ApprovalPolicy;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.Planner;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.observe.Observation;
import dev.shipshape.reconcilers.observe.ProjectObserver;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.stream.Collectors;


/**
 * One reconciliation, level-triggered: observe the whole project, plan against the desired state,
 * act in plan order (a service as soon as what it depends on is healthy, see {@link PlanExecutor})
 * and stop at the first failure. It never trusts what woke it. Actions that call an
 * outside dependency (Docker, the registry, the release source) go through retries and a circuit
 * breaker per dependency.
 */
public final class Reconciliation {
    private final ProjectObserver observer;
    private final Planner planner;
    private final PlanExecutor executor;
    private final ServerEvents events;
    private final OnceEvents once;
    private final Clock clock;
    private final SwarmPasses swarm;

    /**
     * @param swarm the passes of a project with {@code spec.runtime: swarm} (issue 16); null where no swarm is wired
     */
    @Inject
    public Reconciliation(ProjectObserver observer, Planner planner, PlanExecutor executor, ServerEvents events,
                          OnceEvents once, Clock clock, SwarmPasses swarm) {
        this.observer = observer;
        this.planner = planner;
        this.executor = executor;
        this.events = events;
        this.once = once;
        this.clock = clock;
        this.swarm = swarm;
    }

    private boolean onSwarm(ProjectContext project) {
        return swarm != null && project.desired().spec().runtime() == RuntimeKind.SWARM;
    }

    /** Observe and plan only: changes nothing. */
    public Plan plan(ProjectContext project) {
        Observation observation = observe(project);
        return approval(project, observation, planned(project, observation), false);
    }

    /**
     * spec.rollout.approval: required — restarts wait until an approval covers this target and desired file
     * ({@link ApprovalPolicy}, shaped like the maintenance window); the first pass that holds them says so once.
     */
    private Plan approval(ProjectContext project, Observation observation, Plan plan, boolean publish) {
        DesiredFile file = project.desired();
        if (!file.spec().rollout().approvalRequired() || project.records() == null) {
            return plan;
        }
        var target = file.spec().version();
        boolean approved = project.records().approval().read().filter(a -> a.covers(target, file.generation())).isPresent();
        Plan held = ApprovalPolicy.apply(plan, observation.desired(), observation.observed(), target, approved);
        if (publish && held != plan) {
            String summary = plan.actions().stream().filter(a -> !held.actions().contains(a)).map(a -> a.describe())
                    .collect(Collectors.joining("; "));
            once.publish(ReleaseUpdates.approvalNeeded(file, target, summary, clock.instant()));
        }
        return held;
    }

    /** The planner's plan; on a swarm, with the container actions turned into the Swarm services' ({@link SwarmPasses}). */
    private Plan planned(ProjectContext project, Observation observation) {
        Plan plan = planner.plan(observation.desired(), observation.observed());
        return onSwarm(project) ? swarm.plan(observation.desired(), plan, project) : plan;
    }

    private Observation observe(ProjectContext project) {
        Observation observation;
        try {
            observation = observer.observe(project);
        } catch (RuntimeException e) {
            throw DockerEngineUnreachableException.of(e).<RuntimeException>map(u -> u).orElse(e);
        }
        return observation;
    }

    /**
     * Observe, plan and act once.
     *
     * @return what the pass came to, as a value; the {@link RolloutGuard} decides what follows
     */
    public PassOutcome pass(ProjectContext project, ActionGate gate, ProgressListener listener) {
        events.configure(project);
        Observation observation = observe(project);
        listener.observed(observation.observed());
        Plan plan = approval(project, observation, planned(project, observation), true);
        if (project.desired().spec().suspended()) {
            return new PassOutcome.Suspended(plan);
        }
        listener.planned(plan);
        RolloutEvents.started(project.desired(), plan, clock.instant()).ifPresent(events::publish);
        if (onSwarm(project)) {
            return swarm.act(observation.desired(), plan, project, new SwarmPasses.LocalExecutor() {
                @Override
                public PassOutcome execute(Plan local) {
                    return executor.execute(local, project, gate, listener);
                }

                @Override
                public void starting(Action action) {
                    listener.starting(action);
                }

                @Override
                public void finished(Action action, long millis) {
                    listener.finished(action, millis);
                }
            });
        }
        return executor.execute(plan, project, gate, listener);
    }

    /** Tells a user what is happening while a pass acts. */
    public interface ProgressListener {
        ProgressListener NONE = new ProgressListener() {
        };

        /** What the pass found, before it plans (also for a suspended project). */
        default void observed(ObservedState observed) {
        }

        /** The plan about to be carried out (not called for a suspended project, which acts on nothing). */
        default void planned(Plan plan) {
        }

        default void starting(Action action) {
        }

        default void finished(Action action, long millis) {
        }
    }
}
