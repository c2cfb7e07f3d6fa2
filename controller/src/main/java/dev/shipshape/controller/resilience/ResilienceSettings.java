package dev.shipshape.controller.resilience;

import java.time.Duration;

/**
 * The knobs of retries, circuit breakers, requeue backoff and crash-loop protection.
 *
 * @param breakerWindowSize      how many recent calls of one dependency a breaker judges
 * @param breakerMinimumCalls    how many calls it needs before it may open at all
 * @param breakerFailureRate     percentage of failed calls (of those judged) that opens it
 * @param breakerOpenFor         how long it stays open before letting a trial call through
 * @param breakerTrialCalls      how many trial calls decide whether it closes again
 * @param retryMaxAttempts       attempts of one action, the first included
 * @param retryInitialWait       the wait before the first retry
 * @param retryMultiplier        each next wait is this many times the previous one
 * @param retryJitter            each wait is randomised by ± this fraction, so callers spread out;
 *                               below 1/3 with a multiplier of 2 the waits still strictly grow
 * @param retryMaxWait           no wait is longer than this
 * @param requeueBase            the first requeue delay after a failed reconciliation (its ceiling)
 * @param requeueCap             no requeue delay is longer than this
 * @param crashLoopMaxRestarts   restarts of one service allowed within {@code crashLoopWindow}
 * @param crashLoopWindow        the window crash-loop protection counts restarts in
 */
public record ResilienceSettings(
        int breakerWindowSize,
        int breakerMinimumCalls,
        float breakerFailureRate,
        Duration breakerOpenFor,
        int breakerTrialCalls,
        int retryMaxAttempts,
        Duration retryInitialWait,
        double retryMultiplier,
        double retryJitter,
        Duration retryMaxWait,
        Duration requeueBase,
        Duration requeueCap,
        int crashLoopMaxRestarts,
        Duration crashLoopWindow) {

    public ResilienceSettings {
        atLeast("breakerWindowSize", breakerWindowSize, 1);
        atLeast("breakerMinimumCalls", breakerMinimumCalls, 1);
        if (!(breakerFailureRate > 0 && breakerFailureRate <= 100)) {
            throw invalid("breakerFailureRate", breakerFailureRate, "a percentage above 0 and at most 100");
        }
        positive("breakerOpenFor", breakerOpenFor);
        atLeast("breakerTrialCalls", breakerTrialCalls, 1);
        atLeast("retryMaxAttempts", retryMaxAttempts, 1);
        positive("retryInitialWait", retryInitialWait);
        if (!(retryMultiplier >= 1)) {
            throw invalid("retryMultiplier", retryMultiplier, "at least 1 (waits must not shrink)");
        }
        if (!(retryJitter >= 0 && retryJitter < 1)) {
            throw invalid("retryJitter", retryJitter, "a fraction from 0 up to (not including) 1");
        }
        positive("retryMaxWait", retryMaxWait);
        notBelow("retryMaxWait", retryMaxWait, "retryInitialWait", retryInitialWait);
        positive("requeueBase", requeueBase);
        positive("requeueCap", requeueCap);
        notBelow("requeueCap", requeueCap, "requeueBase", requeueBase);
        atLeast("crashLoopMaxRestarts", crashLoopMaxRestarts, 1);
        positive("crashLoopWindow", crashLoopWindow);
    }

    /** Production values: see the issue "the continuous controller", part 2. */
    public static ResilienceSettings defaults() {
        return new ResilienceSettings(
                5, 5, 50f, Duration.ofSeconds(30), 1,
                3, Duration.ofMillis(500), 2.0, 0.25, Duration.ofSeconds(10),
                Duration.ofSeconds(1), Duration.ofMinutes(5),
                5, Duration.ofMinutes(5));
    }

    /**
     * Same shape, waits of milliseconds: tests exercise real retries without slowing down. The open
     * breaker's wait stays long because tests move the clock instead of waiting for it.
     */
    public static ResilienceSettings forTests() {
        return new ResilienceSettings(
                4, 4, 50f, Duration.ofSeconds(30), 1,
                3, Duration.ofMillis(10), 2.0, 0.25, Duration.ofMillis(80),
                Duration.ofMillis(10), Duration.ofMillis(100),
                5, Duration.ofMinutes(5));
    }

    public ResilienceSettings withRetryMaxAttempts(int attempts) {
        return new ResilienceSettings(breakerWindowSize, breakerMinimumCalls, breakerFailureRate, breakerOpenFor,
                breakerTrialCalls, attempts, retryInitialWait, retryMultiplier, retryJitter, retryMaxWait,
                requeueBase, requeueCap, crashLoopMaxRestarts, crashLoopWindow);
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw invalid(name, value, "at least " + min);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(name, value, "a positive duration");
        }
    }

    private static void notBelow(String name, Duration value, String otherName, Duration other) {
        if (value.compareTo(other) < 0) {
            throw invalid(name, value, "at least " + otherName + " (" + other + ")");
        }
    }

    private static IllegalArgumentException invalid(String name, Object value, String expected) {
        return new IllegalArgumentException("resilience setting " + name + " is " + value + "; it must be " + expected);
    }
}
