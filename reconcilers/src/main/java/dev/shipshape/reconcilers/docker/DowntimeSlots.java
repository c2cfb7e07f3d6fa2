package dev.shipshape.reconcilers.docker;

import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ReconcileException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many services are down at once during a rollout: the stretch from stopping a
 * service's old container to starting its new one. Replacements otherwise run side by side (their
 * long part is the wait for health), but stops and starts that run together queue up inside the
 * engine and each service's gap grows with them; one or two at a time keep every gap close to a
 * plain {@code docker restart}.
 */
public final class DowntimeSlots {
    /** Measured on a 2-core host at N = 20 (bench/RESULTS.md). */
    public static final int DEFAULT = Integer.getInteger("shipshape.rollout.downtimeSlots", 2);
    private static final long WAIT_STEP_MILLIS = 200;

    private final Semaphore slots;

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
        acquire(service, cancellation);
        try {
            outage.run();
        } finally {
            slots.release();
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
