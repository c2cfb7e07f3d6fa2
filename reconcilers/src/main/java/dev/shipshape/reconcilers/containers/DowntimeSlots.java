package dev.shipshape.reconcilers.containers;

import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ReconcileException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounds how many services are down at once during a rollout: the stretch from stopping a
 * service's old container to starting its new one. Replacements otherwise run side by side (their
 * long part is the wait for health), but stops and starts that run together queue up inside the
 * engine and each service's gap grows with them. One at a time keeps every gap at a plain
 * {@code docker restart}'s, and costs little wall time, since the engine does stops and starts
 * hardly faster side by side (bench/RESULTS.md). Creates and removals, which can wait, wait for the
 * outages ({@link #background}) for the same reason.
 */
public final class DowntimeSlots {
    /** Measured on a 2-core host at N = 5, 20 and 100 (bench/RESULTS.md); the property is for such measurements. */
    public static final int DEFAULT = Integer.getInteger("shipshape.rollout.downtimeSlots", 1);
    private static final long WAIT_STEP_MILLIS = 200;
    /** How long a service about to go down lets creates and removals already running finish first. */
    static final Duration BACKGROUND_FIRST = Duration.ofSeconds(5);

    private final Semaphore slots;
    /** Services in an outage, and services waiting for a slot to start one; guarded by this. */
    private int down;
    private int waiting;
    /** Creates and removals running; guarded by this. */
    private int background;

    /** Services down or waiting for a slot to go down (what {@link #background} waits for); for tests of the order. */
    synchronized int pending() {
        return down + waiting;
    }

    public DowntimeSlots(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("at least one downtime slot is needed, got " + slots);
        }
        this.slots = new Semaphore(slots, true);
    }

    /** Something that takes a service down and brings it back. */
    public interface Outage {
        void run();
    }

    /** Runs {@code outage} once a slot is free; waiting ends early when the reconciliation is cancelled. */
    public void run(String service, Cancellation cancellation, Outage outage) {
        synchronized (this) {
            waiting++;
        }
        boolean acquired = false;
        try {
            acquire(service, cancellation);
            acquired = true;
            synchronized (this) {
                // a create or removal already running goes first (no new one starts meanwhile: this one waits)
                waitWhile(() -> background > 0, System.nanoTime() + BACKGROUND_FIRST.toNanos());
                waiting--;
                down++;
            }
            outage.run();
        } finally {
            synchronized (this) {
                if (acquired) {
                    down--;
                } else {
                    waiting--;
                }
                notifyAll();
            }
            if (acquired) {
                slots.release();
            }
        }
    }

    /**
     * Runs engine work that can wait (creating a replacement, removing a replaced container) once no
     * service is down or waiting to go down, or after {@code maxWait} at the latest; a service about
     * to go down lets such work already running finish first (for at most {@link #BACKGROUND_FIRST}).
     * Creates and removals that run during an outage queue up inside the engine with its stop and
     * start and lengthen it (bench/RESULTS.md); held back a moment, they run between outages or
     * during the health waits.
     */
    public <T> T background(Duration maxWait, Supplier<T> work) {
        synchronized (this) {
            waitWhile(() -> down + waiting > 0, System.nanoTime() + maxWait.toNanos());
            background++;
        }
        try {
            return work.get();
        } finally {
            synchronized (this) {
                background--;
                notifyAll();
            }
        }
    }

    /** Waits, holding this monitor, while {@code condition} holds, until {@code deadline} (nanoTime) at the latest. */
    private void waitWhile(BooleanSupplier condition, long deadline) {
        while (condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                // the work still has to be done (it is cleanup, a first step or an outage): let it go ahead
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void acquire(String service, Cancellation cancellation) {
        try {
            while (!slots.tryAcquire(WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                cancellation.checkpoint("waiting to replace " + service);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("interrupted while waiting to replace " + service + "; nothing was stopped",
                    true, e);
        }
    }
}
