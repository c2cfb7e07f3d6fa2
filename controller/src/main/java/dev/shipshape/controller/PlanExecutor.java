package dev.shipshape.controller;

import dev.shipshape.controller.resilience.ResilientDispatcher;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.ActionGraph;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Carries out a plan's actions as its {@link ActionGraph} allows: each creation or recreation of a
 * service starts as soon as the services it depends on are healthy, up to {@link #PARALLEL_SERVICES}
 * at a time; every other action runs alone. The first failure ends the pass: nothing new starts,
 * and what already runs is awaited, so nothing is left half-done. Listeners hear of every action on
 * the calling thread.
 */
public final class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);
    /**
     * Services replaced at the same time. Most of a replacement is waiting for the health check;
     * the part that costs downtime (stop the old, start the new) is bounded separately by the
     * reconciler, so more in flight costs the engine little and does not lengthen any service's gap.
     * Enough that the downtime slots, not this, set the pace: with a 5 s health interval a
     * replacement waits about 10 s for two passing probes, so 16 in flight would finish about 1.2
     * services a second while two slots can take about two.
     */
    static final int PARALLEL_SERVICES = Integer.getInteger("shipshape.rollout.parallel", 32);
    /** How long the in-flight actions get to finish after an interruption (each stops at its next safe point). */
    private static final long DRAIN_AFTER_INTERRUPT_SECONDS = 60;

    private final ResilientDispatcher dispatcher;

    @Inject
    public PlanExecutor(ResilientDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * @return what the pass came to: every action done (in the order they finished), the first failure,
     * or a cancellation; never throws for what an action or a gate raised
     */
    public PassOutcome execute(Plan plan, ProjectContext project, ActionGate gate, Reconciliation.ProgressListener listener) {
        ActionGraph graph = ActionGraph.of(plan.actions());
        List<Action> actions = graph.actions();
        int n = actions.size();
        boolean[] started = new boolean[n];
        boolean[] succeeded = new boolean[n];
        BlockingQueue<Outcome> finished = new LinkedBlockingQueue<>();
        List<Action> done = new ArrayList<>();
        ExecutorService pool = null;
        int running = 0;
        Outcome failure = null;
        Failure refused = null; // the gate refused to let an action start
        Action refusedAction = null;
        boolean interrupted = false;
        try {
            while (true) {
                if (failure == null && refused == null && !interrupted) {
                    for (int i = 0; i < n && running < PARALLEL_SERVICES; i++) {
                        if (started[i] || !allSucceeded(graph.prerequisites().get(i), succeeded)) {
                            continue;
                        }
                        Action a = actions.get(i);
                        Optional<Failure> refusal = gate.refuse(a);
                        if (refusal.isPresent()) {
                            refused = refusal.get();
                            refusedAction = a;
                            break;
                        }
                        listener.starting(a);
                        started[i] = true;
                        if (graph.runsAlone(i)) {
                            // nothing else runs now (the graph orders everything around it): run it here
                            finished.add(run(i, a, project));
                        } else {
                            if (pool == null) {
                                pool = Executors.newFixedThreadPool(PARALLEL_SERVICES, r -> {
                                    Thread t = new Thread(r, "shipshape-rollout");
                                    t.setDaemon(true);
                                    return t;
                                });
                            }
                            int index = i;
                            pool.execute(() -> finished.add(run(index, a, project)));
                        }
                        running++;
                    }
                }
                if (running == 0) {
                    break;
                }
                Outcome o;
                try {
                    o = interrupted ? finished.poll(DRAIN_AFTER_INTERRUPT_SECONDS, TimeUnit.SECONDS) : finished.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                    project.cancellation().cancel("interrupted");
                    continue;
                }
                if (o == null) {
                    break; // interrupted, and what still runs did not stop in time: give up on it
                }
                running--;
                if (o.failed()) {
                    if (failure == null) {
                        failure = o;
                    } else {
                        // the pass reports the first failure; a later one of an action already running is not lost
                        LOG.warn("{} failed too: {}", o.action().describe(), describe(o.outcome()));
                    }
                    continue;
                }
                succeeded[o.index()] = true;
                LOG.info("{} done in {} ms", o.action().describe(), o.millis());
                listener.finished(o.action(), o.millis());
                done.add(o.action());
            }
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (refused != null) {
            return new PassOutcome.Failed(plan, done, refusedAction, refused);
        }
        if (failure != null) {
            return failure.outcome() instanceof ActionOutcome.Failed f
                    ? new PassOutcome.Failed(plan, done, failure.action(), f.failure())
                    : new PassOutcome.Cancelled(plan, done, describe(failure.outcome()));
        }
        if (interrupted) {
            return new PassOutcome.Cancelled(plan, done, "the reconciliation was interrupted; the next one resumes");
        }
        return new PassOutcome.Acted(plan, done);
    }

    private static String describe(ActionOutcome outcome) {
        return outcome instanceof ActionOutcome.Failed f ? f.failure().message()
                : outcome instanceof ActionOutcome.Cancelled c ? c.why() : "done";
    }

    private static boolean allSucceeded(Set<Integer> prerequisites, boolean[] succeeded) {
        for (int p : prerequisites) {
            if (!succeeded[p]) {
                return false;
            }
        }
        return true;
    }

    /** Runs one action; what it raised becomes a value here, the executor's one boundary for exceptions. */
    private Outcome run(int index, Action action, ProjectContext project) {
        long start = System.nanoTime();
        ActionOutcome outcome;
        try {
            outcome = dispatcher.run(action, project);
        } catch (RuntimeException e) {
            outcome = Failures.cancelled(e) ? new ActionOutcome.Cancelled(e.getMessage())
                    : new ActionOutcome.Failed(Failures.of(e));
        } catch (Error e) {
            // an Error must not leave the pass waiting forever for this action
            outcome = new ActionOutcome.Failed(Failures.of(new IllegalStateException(e)));
        }
        return new Outcome(index, action, (System.nanoTime() - start) / 1_000_000, outcome);
    }

    private record Outcome(int index, Action action, long millis, ActionOutcome outcome) {
        boolean failed() {
            return !outcome.isDone();
        }
    }
}
