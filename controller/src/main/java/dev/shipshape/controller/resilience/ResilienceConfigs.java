package dev.shipshape.controller.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Clock;

/** Turns {@link ResilienceSettings} into resilience4j configurations. Pure. */
public final class ResilienceConfigs {
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
