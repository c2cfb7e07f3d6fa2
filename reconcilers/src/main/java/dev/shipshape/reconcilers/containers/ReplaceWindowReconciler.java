package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.ReplaceWindow;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.export.OutsideText;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.NoSuchContainerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code rollout.strategy: window} (see {@link ReplaceWindow}): the changed services go down once,
 * together, and come back dependency layer by layer. The phases, in order:
 * <ol>
 *   <li><b>prepare</b>, the old version serving: every replacement is created under its temporary name
 *       ({@link RecreateServiceReconciler#replacementName}), a new service under its own name; nothing stops.
 *       A refusal here removes what was created and stops nothing. Then {@link ContainerRuntime#warmUp}: this
 *       process's first calls of the window's kinds, each refused by the engine, are made now rather than in the outage.</li>
 *   <li><b>switch</b>: for each service, as soon as what it depends on in the window has started, or is healthy
 *       where the release says {@code condition: service_healthy}, its old container stops and its new one starts
 *       (without depends_on: every old one stops side by side, and the server goes down once; an old dependent
 *       serves on while what it depends on restarts and passes its gate); all are health-gated together
 *       ({@link HealthGate}, with its fast exec gate), each layer's gates beginning once every start of the layer
 *       has returned.</li>
 *   <li><b>finish</b>, all healthy: the old containers are removed and the new ones take the services' names;
 *       or <b>roll back</b>, one failed: every replacement is removed and every old container, which kept
 *       its name stopped, starts again the same way, layer by layer, and is gated on its health (unless
 *       {@code rollout.autoRollback: false}, which leaves the failed window as it is for inspection).</li>
 * </ol>
 *
 * <p>Crash safety is {@link RecreateServiceReconciler}'s: the old containers keep the services' names
 * until the whole window is healthy, so whatever instant a crash hits, the next plan finds each service's
 * old container (stopped or running, replaced again, its leftover replacement removed first) or, between a
 * removal and a rename, only the replacement, which it removes as a leftover and creates anew.
 */
public final class ReplaceWindowReconciler implements Reconciler<ReplaceWindow> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplaceWindowReconciler.class);
    /** docker stop's default grace, for a service that sets no stop_grace_period */
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    /** Engine calls of a window at once: creates and removals take the engine's lock, more at once only queue. */
    static final int PARALLEL_ENGINE_CALLS = Integer.getInteger("shipshape.rollout.windowParallel", 8);
    /**
     * Old containers stopping at once: the window's outage is as short as the engine can stop them side by side
     * (as the all-at-once restart floor does), with a cap so that hundreds of stops do not all queue on its lock.
     */
    static final int PARALLEL_STOPS = Integer.getInteger("shipshape.rollout.windowStops", 32);
    /**
     * Measurement switches for the window's breakdown (issue 17; docs/upgrades.md): {@code -Dshipshape.window.holdGates=false}
     * begins each gate as soon as its own start returned, {@code -Dshipshape.window.warmUp=false} leaves out the warm-up.
     */
    static final boolean HOLD_GATES = Boolean.parseBoolean(System.getProperty("shipshape.window.holdGates", "true"));
    static final boolean WARM_UP = Boolean.parseBoolean(System.getProperty("shipshape.window.warmUp", "true"));
    /** Health waits at once: each is mostly sleeping, so as many as the window has services (capped). */
    private static final int MAX_THREADS = 128;

    private final ContainerRuntime runtime;
    private final ContainerFactory factory;
    private final HealthGate health;
    private final Failpoints.Reach failpoints;

    public ReplaceWindowReconciler(ContainerRuntime runtime, ContainerFactory factory, HealthGate health) {
        this(runtime, factory, health, Failpoints.ENVIRONMENT);
    }

    public ReplaceWindowReconciler(ContainerRuntime runtime, ContainerFactory factory, HealthGate health,
                                   Failpoints.Reach failpoints) {
        this.runtime = runtime;
        this.factory = factory;
        this.health = health;
        this.failpoints = failpoints;
    }

    @Override
    public Class<ReplaceWindow> actionType() {
        return ReplaceWindow.class;
    }

    /** One service of the window and its old container (null for a service the window adds); the new ones are in {@code created}. */
    private record Member(ServiceSpec spec, String configHash, Version version, String oldId) {
    }

    @Override
    public ActionOutcome reconcile(ReplaceWindow window, ProjectContext project) {
        Map<String, Member> members = new LinkedHashMap<>();
        for (RecreateService r : window.replaced()) {
            members.put(r.service(), new Member(r.spec(), r.configHash(), r.version(), r.oldContainerId()));
        }
        for (CreateService c : window.created()) {
            members.put(c.service(), new Member(c.spec(), c.configHash(), c.version(), null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_THREADS, Math.max(2, members.size())), r -> {
            Thread t = new Thread(r, "shipshape-window");
            t.setDaemon(true);
            return t;
        });
        try {
            return replace(window, members, project, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private ActionOutcome replace(ReplaceWindow window, Map<String, Member> members, ProjectContext project,
                                  ExecutorService pool) {
        long t0 = System.nanoTime();
        // --- prepare: the old version serves ---
        Map<String, String> created = new LinkedHashMap<>();
        try {
            forEach(pool, new ArrayList<>(members.values()), m -> {
                String id = create(m, project);
                synchronized (created) {
                    created.put(m.spec().name(), id);
                }
                return null;
            });
        } catch (ReconcileException refused) {
            forEach(pool, new ArrayList<>(created.values()), id -> {
                runtime.remove(id);
                return null;
            });
            return ActionOutcome.of(refused); // a stranger holds a name, an image is missing: nothing stopped
        }
        if (WARM_UP && !created.isEmpty()) {
            // the old version serves: this process's first calls of the window's kinds are made now, not in the outage
            runtime.warmUp(created.values().iterator().next());
        }
        long prepared = System.nanoTime();

        // --- switch: the window opens. Each old container stops once what its replacement waits for in the window
        // has started (or is healthy), and the replacement starts right after: in a release without depends_on every
        // old one stops side by side (bounded) and the server goes down once; where services depend on each other,
        // an old dependent keeps serving while what it depends on restarts and passes its gate, so no health wait of
        // one layer is spent with the next layer down (issue 17: a stack of three service_healthy layers was down
        // for all the gates, several times compose's union, when every old container stopped at the start).
        List<String> olds = members.values().stream().map(Member::oldId).filter(id -> id != null).toList();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_STOPS);
        Map<String, Runnable> stops = new LinkedHashMap<>();
        for (Member m : members.values()) {
            stops.put(m.spec().name(), m.oldId() == null ? () -> { } : () -> {
                slots.acquireUninterruptibly();
                try {
                    stop(m.oldId(), m.spec());
                } catch (ReconcileException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // it runs in the start's task: say it was the stop, not the start, that failed
                    throw new ReconcileException(m.spec().name() + "'s old container could not be stopped: " + e.getMessage()
                            + ". Apply again to retry.", true, e);
                } finally {
                    slots.release();
                }
                failpoints.reach(Failpoints.AFTER_STOP_OLD);
            });
        }
        Map<String, ActionOutcome> outcomes = startLayered(window, project, pool, s -> created.get(s), stops);
        long gated = System.nanoTime();
        // the failure to report: a verdict on the release before one that only says a service was not started
        String failed = outcomes.entrySet().stream().filter(e -> e.getValue() instanceof ActionOutcome.Failed f
                        && f.failure().isVerdict()).map(Map.Entry::getKey).findFirst()
                .orElse(outcomes.entrySet().stream().filter(e -> !e.getValue().isDone()).map(Map.Entry::getKey)
                        .findFirst().orElse(null));
        if (failed == null) {
            // --- finish: every new container is healthy ---
            forEach(pool, olds, id -> {
                runtime.remove(id); // removed behind our back already: fine
                return null;
            });
            for (Member m : members.values()) {
                if (m.oldId() != null) {
                    runtime.rename(created.get(m.spec().name()), m.spec().containerName(project.project()));
                }
            }
            LOG.info("replaced {} services in one window at {} in {} ms: created in {} ms, stopped, started and"
                            + " healthy in {} ms, layers {}", members.size(), window.version(), ms(System.nanoTime() - t0),
                    ms(prepared - t0), ms(gated - prepared), window.layers());
            return ActionOutcome.done();
        }
        if (!project.desired().spec().rollout().autoRollback()) {
            // rollout.autoRollback: false leaves the failed state for inspection, as a single replacement does: the
            // new containers as they are, the old ones under the services' names (stopped where the window reached
            // them, still running next to their never-started replacement where it did not)
            LOG.warn("the window of {} failed ({}); autoRollback is false, so it is left as it is", window.version(), failed);
            return naming(outcomes.get(failed), failed);
        }
        return naming(rollBack(window, members, created, outcomes.get(failed), project, pool), failed);
    }

    /** The window's failure names the service it failed at (the rollout record and the notification say it). */
    private static ActionOutcome naming(ActionOutcome outcome, String service) {
        if (!(outcome instanceof ActionOutcome.Failed f)) {
            return outcome;
        }
        RuntimeException error = f.failure().error() instanceof ReconcileException r ? r.inService(service) : f.failure().error();
        return new ActionOutcome.Failed(new dev.shipshape.model.rollout.Failure(f.failure().kind(), f.failure().message(),
                error, service));
    }

    /** The whole window back: the replacements go, the old containers start again layer by layer. */
    private ActionOutcome rollBack(ReplaceWindow window, Map<String, Member> members, Map<String, String> created,
                                   ActionOutcome failure, ProjectContext project, ExecutorService pool) {
        // The replacements go first: with host networking a running one may hold its service's port.
        forEach(pool, new ArrayList<>(created.values()), id -> {
            runtime.remove(id);
            return null;
        });
        Map<String, ActionOutcome> restored = startLayered(window, project, pool, s -> members.get(s).oldId(), null);
        List<String> notBack = restored.entrySet().stream().filter(e -> !e.getValue().isDone()
                && members.get(e.getKey()).oldId() != null).map(Map.Entry::getKey).toList();
        LOG.warn("the window of {} failed; its replacements were removed and the old containers started again{}",
                window.version(), notBack.isEmpty() ? "" : ", except " + notBack + " (not healthy)");
        if (!(failure instanceof ActionOutcome.Failed f) || notBack.isEmpty()) {
            return failure;
        }
        return new ActionOutcome.Failed(new dev.shipshape.model.rollout.Failure(f.failure().kind(),
                f.failure().message() + "; rolling the window back, " + String.join(", ", notBack)
                        + " did not become healthy again either", f.failure().error()));
    }

    /**
     * Starts the container {@code container} gives for each service of the window (none: nothing to start)
     * as soon as what it waits for in the window has started or is healthy, and gates each on its health.
     * Rolling out ({@code stops} given: a service's old container stops right before its new one starts), after
     * the first failure what has not started yet does not start, and its old container is not stopped; rolling back, everything starts (a dependency that
     * fails again does not keep the rest of the old version down).
     *
     * @return each service's outcome; a service that was not started because of a failure has that failure
     */
    private Map<String, ActionOutcome> startLayered(ReplaceWindow window, ProjectContext project, ExecutorService pool,
                                                    Function<String, String> container,
                                                    Map<String, Runnable> stops) {
        boolean rollingOut = stops != null;
        Map<String, CompletableFuture<Void>> started = new LinkedHashMap<>();
        Map<String, CompletableFuture<ActionOutcome>> healthy = new LinkedHashMap<>();
        AtomicBoolean abort = new AtomicBoolean();
        AtomicReference<Error> killed = new AtomicReference<>();
        Duration timeout = project.desired().spec().rollout().healthTimeout();
        for (List<String> layer : window.layers()) {
            Map<String, String> ids = new LinkedHashMap<>();
            for (String s : layer) {
                List<CompletableFuture<?>> gates = new ArrayList<>();
                for (DependsOn d : window.waitsFor(s)) {
                    if (!rollingOut) {
                        CompletableFuture<?> dep = d.condition() == DependsOn.Condition.SERVICE_STARTED
                                ? started.get(d.service()) : healthy.get(d.service());
                        gates.add(dep.handle((v, e) -> null));
                        continue;
                    }
                    gates.add(d.condition() == DependsOn.Condition.SERVICE_STARTED ? started.get(d.service())
                            : healthy.get(d.service()).thenAccept(o -> {
                                if (!o.isDone()) {
                                    throw new Skipped(d.service() + " did not become healthy");
                                }
                            }));
                }
                String id = container.apply(s);
                CompletableFuture<Void> start = CompletableFuture.allOf(gates.toArray(CompletableFuture[]::new))
                        .thenRunAsync(() -> {
                            if (rollingOut && abort.get()) {
                                throw new Skipped("another service of the window failed"); // its old one serves on
                            }
                            if (rollingOut) {
                                stops.get(s).run(); // what the replacement waits for is ready: the old one goes now
                            }
                            if (id != null) {
                                runtime.start(id);
                            }
                        }, pool);
                started.put(s, start);
                ids.put(s, id);
            }
            // The gates of a layer begin once every start of the layer has returned (or will not happen): their
            // first inspects and execs would otherwise queue in the engine, and take this process's CPU, beside the
            // layer's later starts, and the server is down until the last of those (issue 17). No start of the layer
            // waits for it; a later layer that waits for this one's health may start as late as its slowest start.
            CompletableFuture<Void> layerStarted = HOLD_GATES
                    ? CompletableFuture.allOf(layer.stream().map(started::get).toArray(CompletableFuture[]::new))
                            .handle((v, e) -> null)
                    : CompletableFuture.completedFuture(null);
            for (String s : layer) {
                String id = ids.get(s);
                healthy.put(s, started.get(s).thenCombine(layerStarted, (v, w) -> v)
                        .thenApplyAsync(v -> id == null ? ActionOutcome.done()
                        : health.awaitHealthy(id, s, timeout, project.cancellation(), OutsideText.of(project.paths())), pool)
                        .exceptionally(e -> outcome(s, e, killed))
                        .thenApply(o -> {
                            if (!o.isDone()) {
                                abort.set(true);
                            }
                            return o;
                        }));
            }
        }
        Map<String, ActionOutcome> out = new LinkedHashMap<>();
        healthy.forEach((s, f) -> out.put(s, f.join()));
        if (killed.get() != null) {
            throw killed.get(); // the controller "died" at a failpoint: no clean-up, as after a real kill
        }
        return out;
    }

    private static ActionOutcome outcome(String service, Throwable e, AtomicReference<Error> killed) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof Error error) {
            killed.compareAndSet(null, error);
            return ActionOutcome.transientFailure("killed");
        }
        if (cause instanceof Skipped skipped) {
            return ActionOutcome.transientFailure(service + " was not started: " + skipped.getMessage());
        }
        if (cause instanceof ReconcileException r) {
            return ActionOutcome.of(r);
        }
        return ActionOutcome.of(new ReconcileException(service + " could not be started: " + cause.getMessage()
                + ". Apply again to retry.", true, cause));
    }

    /** A service not started because what it waits for failed, or another one did. */
    private static final class Skipped extends RuntimeException {
        Skipped(String why) {
            super(why, null, false, false);
        }
    }

    private String create(Member m, ProjectContext project) {
        String name = m.spec().containerName(project.project());
        if (m.oldId() == null) {
            return factory.create(project, m.spec(), m.configHash(), m.version());
        }
        String temporary = RecreateServiceReconciler.replacementName(name, m.oldId());
        runtime.remove(temporary); // left by an interrupted attempt at the same replacement; absent: the usual case
        return factory.create(project, m.spec(), m.configHash(), m.version(), temporary);
    }

    private void stop(String id, ServiceSpec spec) {
        try {
            runtime.stop(id, spec.stopGracePeriod() == null ? DEFAULT_GRACE
                    : Duration.ofSeconds(Math.max(1, spec.stopGracePeriod().toSeconds())));
        } catch (NoSuchContainerException gone) {
            // being replaced anyway
        }
    }

    /**
     * Runs {@code work} for each item, at most {@link #PARALLEL_ENGINE_CALLS} at a time, and waits for all;
     * the first ReconcileException (after all ended) is thrown, an Error (a kill at a failpoint) at once.
     */
    private static <T> void forEach(ExecutorService pool, List<T> items, Function<T, Void> work) {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_ENGINE_CALLS);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (T item : items) {
            all.add(CompletableFuture.runAsync(() -> {
                slots.acquireUninterruptibly();
                try {
                    work.apply(item);
                } finally {
                    slots.release();
                }
            }, pool));
        }
        RuntimeException first = null;
        for (CompletableFuture<Void> f : all) {
            try {
                f.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof Error error) {
                    throw error;
                }
                if (first == null) {
                    first = cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                }
            }
        }
        if (first != null) {
            throw first instanceof ReconcileException r ? r
                    : new ReconcileException("the engine failed during the window: " + first.getMessage()
                    + ". Apply again to retry.", true, first);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
