package dev.shipshape.controller.loop;

import dev.shipshape.controller.ActionGate;
import dev.shipshape.controller.Failures;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.RolloutGuard;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.controller.source.DesiredSource;
import dev.shipshape.controller.source.FileSource;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The continuous controller's heart: one reconciliation at a time on one worker thread.
 * Triggers (the desired source, Docker events, a timer) only wake it; a trigger that arrives while
 * a reconciliation runs is coalesced into one follow-up. Each reconciliation reads the desired
 * state afresh from its {@link DesiredSource} and observes everything: level-triggered, it never trusts what woke it.
 */
public final class ControlLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

    private final DesiredSource source;
    private final Pass pass;
    private final RolloutGuard rollouts;
    private final LoopListener listener;
    private final RetryDelay retryDelay;
    private final ActionGate gate;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shipshape-reconciler");
        t.setDaemon(true);
        return t;
    });

    private final Object lock = new Object();
    private boolean queued;
    private boolean running;
    private boolean followUp;
    private boolean closed;
    private ScheduledFuture<?> retry;
    private Cancellation current;
    private String currentGeneration;
    /** Whether a container going down makes the running pass moot; guarded by {@link #lock}. */
    private final HealCancel heal = new HealCancel();
    private final LoopHeartbeat heartbeat;
    /** Aims each desired file at its effective target (spec.updates); identity unless {@link #aimWith} set it. */
    private volatile UnaryOperator<DesiredFile> aim = UnaryOperator.identity();

    /** One reconciliation; {@link Reconciliation#pass} in production. */
    @FunctionalInterface
    public interface Pass {
        PassOutcome run(ProjectContext project, ActionGate gate, Reconciliation.ProgressListener listener);
    }

    /** The delay before retrying after a failure; reset after a success. */
    public interface RetryDelay {
        Duration next();

        void reset();
    }

    public ControlLoop(Path desiredFile, Pass pass, LoopListener listener, RetryDelay retryDelay, List<ActionGate> gates,
                       RolloutGuard rollouts) {
        this(new FileSource(desiredFile), pass, listener, retryDelay, gates, rollouts);
    }

    public ControlLoop(DesiredSource source, Pass pass, LoopListener listener, RetryDelay retryDelay, List<ActionGate> gates,
                       RolloutGuard rollouts) {
        this(source, pass, listener, retryDelay, gates, rollouts, LoopHeartbeat::allowanceFor);
    }

    /** {@code allowance}: the longest silence a pass of a desired file may keep before the loop counts as stuck. */
    ControlLoop(DesiredSource source, Pass pass, LoopListener listener, RetryDelay retryDelay, List<ActionGate> gates,
                RolloutGuard rollouts, Function<DesiredFile, Duration> allowance) {
        this.heartbeat = new LoopHeartbeat(allowance, System::nanoTime);
        this.source = source;
        this.pass = pass;
        this.rollouts = rollouts;
        this.listener = listener;
        this.retryDelay = retryDelay;
        this.gate = ActionGate.all(gates);
    }

    /**
     * Before each pass, {@code aim} turns the desired file into the one the pass works towards (spec.updates'
     * effective target, see {@code ReleaseUpdates}); what it throws fails the pass like a refused plan.
     */
    public ControlLoop aimWith(UnaryOperator<DesiredFile> aim) {
        this.aim = aim;
        return this;
    }

    /** Wakes the loop; cheap and safe from any thread. */
    public void trigger(String why) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (running) {
                followUp = true;
                return;
            }
            if (queued) {
                return;
            }
            queued = true;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        }
        LOG.debug("reconcile: {}", why);
        worker.execute(this::runOnce);
    }

    /** Wakes the loop after {@code delay}; cheap and safe from any thread. */
    public void triggerAfter(Duration delay, String why) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        worker.schedule(() -> trigger(why), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The desired state may have changed. When a reconciliation of another generation is waiting
     * (on health, typically), it is cancelled so the newest desired state is reconciled at once.
     */
    public void desiredFileChanged() {
        String generation = source.generation();
        synchronized (lock) {
            if (running && current != null && generation != null && !generation.equals(currentGeneration)) {
                current.cancel("the desired file changed");
            }
        }
        trigger("desired file changed");
    }

    /**
     * A container of {@code service} stopped or went away ({@code removed}: it no longer exists). A
     * running heal it makes moot is cancelled ({@link HealCancel}); any other pass, a rollout above
     * all, is left to finish and followed up.
     */
    public void serviceEnded(String service, boolean removed, String why) {
        synchronized (lock) {
            if (running) {
                heal.ended(service, removed).ifPresent(this::cancelCurrent);
            }
        }
        trigger(why);
    }

    /** Holding the lock: asks the running pass to stop at its next safe point. */
    private void cancelCurrent(String why) {
        if (current != null) {
            current.cancel(why);
        }
    }

    /** Wakes the loop every {@code interval} even when nothing else does. */
    public void resyncEvery(Duration interval) {
        worker.scheduleWithFixedDelay(() -> trigger("periodic resync"), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        Cancellation cancellation = new Cancellation();
        DesiredFile desired = null;
        synchronized (lock) {
            queued = false;
            running = true;
            followUp = false;
            current = cancellation;
            heal.passStarted();
        }
        heartbeat.passStarted();
        long started = System.nanoTime();
        try {
            desired = read();
            if (desired == null) {
                return;
            }
            synchronized (lock) {
                currentGeneration = desired.generation();
            }
            heartbeat.reconciling(desired);
            reconcile(desired, cancellation, started);
        } catch (Throwable t) { // an Error or a bug: the executor would swallow it (no status, no backoff)
            escaped(desired, t, started);
        } finally {
            heartbeat.passEnded();
            boolean again;
            synchronized (lock) {
                running = false;
                current = null;
                currentGeneration = null;
                heal.passStarted();
                again = followUp && !closed;
                followUp = false;
            }
            if (again) {
                trigger("coalesced trigger");
            }
        }
    }

    private DesiredFile read() {
        DesiredRead read = source.read();
        if (read.desired() == null) {
            DesiredRead.Problem problem = read.problem();
            listener.desiredInvalid(problem.generation(), problem.message());
            return null;
        }
        // A problem beside a usable desired state: an older good state keeps being reconciled.
        listener.desiredRead(read);
        return read.desired();
    }

    private void reconcile(DesiredFile read, Cancellation cancellation, long started) {
        DesiredFile desired;
        try {
            desired = aim.apply(read);
        } catch (RuntimeException e) {
            failed(read, e, retryDelay.next(), started);
            return;
        }
        listener.passStarted(desired);
        ProjectContext project = ProjectContext.of(desired, cancellation);
        rollouts.passStarting(project);
        PassOutcome outcome;
        try {
            outcome = pass.run(project, gate, new PassProgress(heartbeat, listener, plan -> {
                synchronized (lock) {
                    heal.planned(plan).ifPresent(this::cancelCurrent);
                }
            }));
        } catch (RuntimeException e) {
            if (Failures.cancelled(e)) {
                LOG.info("{}", e.getMessage());
                scheduleRetry(Duration.ZERO);
            } else {
                // observing or planning failed (the engine does not answer, the plan is refused): nothing was done
                failed(desired, e, retryDelay.next(), started);
            }
            return;
        }
        try {
            follow(desired, project, outcome, started);
        } catch (RuntimeException e) {
            // recording the rollout or the status failed: the pass counts as failed and is retried
            failed(desired, e, retryDelay.next(), started);
        }
    }

    /** What follows a pass: the rollout policy's decision, as for apply. */
    private void follow(DesiredFile desired, ProjectContext project, PassOutcome outcome, long started) {
        Decision decision = rollouts.decide(project, outcome);
        if (decision instanceof Decision.Done || decision instanceof Decision.Continue) {
            listener.passFinished(desired, outcome, elapsed(started));
            retryDelay.reset();
            if (decision instanceof Decision.Continue) {
                // It acted: look again to confirm, or to plan what the actions made visible. A plan that
                // only waits (for a maintenance window) is looked at again by the periodic resync.
                trigger("continue after acting");
            }
        } else if (decision instanceof Decision.Yield y) {
            // A cancelled pass made way for a newer desired state: no failure, no backoff.
            LOG.info("{}", y.why());
            scheduleRetry(Duration.ZERO);
        } else {
            // A failed rollout is recorded (RollBack, Hold); the next pass puts the previous version back at once.
            boolean rolledOut = decision instanceof Decision.RollBack || decision instanceof Decision.Hold;
            failed(desired, Failures.raised((PassOutcome.Failed) outcome), rolledOut ? Duration.ZERO : retryDelay.next(),
                    started);
        }
    }

    private void failed(DesiredFile desired, RuntimeException error, Duration delay, long started) {
        LOG.warn("reconciliation failed, retrying in {} ms: {}", delay.toMillis(), error.getMessage());
        listener.passFailed(desired, error, delay, elapsed(started));
        scheduleRetry(delay);
    }

    /** A Throwable no pass handled: reported as a failed pass and retried with backoff, never silenced. */
    private void escaped(DesiredFile desired, Throwable t, long started) {
        Duration delay = retryDelay.next();
        EscapedErrors.report(t, desired == null ? null : e -> listener.passFailed(desired, e, delay, elapsed(started)));
        scheduleRetry(delay);
    }

    private void scheduleRetry(Duration delay) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (delay.isZero()) {
                followUp = true;
                return;
            }
            if (retry != null) {
                retry.cancel(false);
            }
            retry = worker.schedule(() -> trigger("retry after failure"), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Graceful stop: no new reconciliation starts; a running one is asked to stop at its next safe
     * point (an action in progress finishes its Docker call), and is awaited up to {@code grace}.
     */
    public void stop(Duration grace) {
        synchronized (lock) {
            closed = true;
            if (current != null) {
                current.cancel("the controller is shutting down");
            }
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the running reconciliation did not stop within {} s; the next start resumes it", grace.toSeconds());
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    /** For /healthz: false once stopped, or when a pass has been silent for longer than it may take (stuck). */
    public boolean alive() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
        }
        return heartbeat.alive();
    }

    /** Whether a reconciliation runs or is queued (for tests and /readyz). */
    public boolean busy() {
        synchronized (lock) {
            return running || queued;
        }
    }
}
