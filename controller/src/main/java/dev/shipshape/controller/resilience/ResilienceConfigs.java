package dev.shipshape.controller.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Clock;
import java.time.Duration;

/** Turns {@link ResilienceSettings} into resilience4j configurations. Pure. */
public final class ResilienceConfigs {
    /** Longer than any call: no call is judged by its duration. */
    static final Duration NEVER_SLOW = Duration.ofDays(365);

    private ResilienceConfigs() {
    }

    /**
     * Count-based, so a dependency called rarely (a release download) is judged on its last calls
     * however long ago they were. Only dependency failures count; other failures are ignored,
     * neither failure nor success. The clock decides when an open breaker lets a trial call through.
     */
    public static CircuitBreakerConfig breaker(ResilienceSettings settings, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindowSize())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRate())
                // A slow call is no failure: an action that waits its turn in a long rollout (one service
                // down at a time, 100 services) takes minutes, and resilience4j's default would open the
                // breaker once every call in its window took over 60 s. Hung calls end in timeouts.
                .slowCallDurationThreshold(NEVER_SLOW)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerTrialCalls())
                // lazy open -> half-open on the next call: no scheduler thread of resilience4j's own
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(TransientFailures::isDependencyFailure)
                .ignoreException(failure -> !TransientFailures.isDependencyFailure(failure))
                .clock(clock)
                .build();
    }

    public static RetryConfig retry(ResilienceSettings settings) {
        return RetryConfig.custom()
                .maxAttempts(settings.retryMaxAttempts())
                .intervalFunction(retryIntervals(settings))
                .retryOnException(TransientFailures::shouldRetry)
                .build();
    }

    /** Attempt n (from 1) → the wait in milliseconds before attempt n + 1. The cap applies after the jitter. */
    public static IntervalFunction retryIntervals(ResilienceSettings settings) {
        return IntervalFunction.ofExponentialRandomBackoff(settings.retryInitialWait(), settings.retryMultiplier(),
                settings.retryJitter(), settings.retryMaxWait());
    }
}
