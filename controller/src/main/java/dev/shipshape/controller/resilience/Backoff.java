package dev.shipshape.controller.resilience;

import jakarta.inject.Inject;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The delay before the control loop tries a failed reconciliation again: exponential with full
 * jitter (a random delay between zero and a ceiling that doubles with each failure, up to a cap).
 * The jitter keeps a failure that hits several things at once from making them retry in lockstep;
 * the doubling ceiling keeps a persistent failure from becoming a hot loop. Not thread-safe: one
 * control loop owns one.
 */
public final class Backoff {
    /** 2^30 times any sane base is far beyond any sane cap: no need to compute further. */
    private static final int MAX_DOUBLINGS = 30;

    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private int failures;

    @Inject
    public Backoff(ResilienceSettings settings, RandomGenerator random) {
        this(settings.requeueBase(), settings.requeueCap(), random);
    }

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff base " + base + " must be positive and cap " + cap
                    + " at least the base");
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** Counts one more failure and returns how long to wait before trying again. */
    public Duration next() {
        failures++;
        Duration ceiling = ceiling();
        long nanos = (long) (random.nextDouble() * ceiling.toNanos());
        return Duration.ofNanos(Math.min(nanos, ceiling.toNanos()));
    }

    /** The longest delay the current failure count can give: base × 2^(failures−1), capped. */
    public Duration ceiling() {
        if (failures == 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, MAX_DOUBLINGS);
        long baseNanos = base.toNanos();
        long nanos = baseNanos > (Long.MAX_VALUE >> doublings) ? Long.MAX_VALUE : baseNanos << doublings;
        return nanos >= cap.toNanos() ? cap : Duration.ofNanos(nanos);
    }

    /** After a successful reconciliation: the next failure starts from the base again. */
    public void reset() {
        failures = 0;
    }

    /** Failures since the last success. */
    public int failures() {
        return failures;
    }
}
