package dev.shipshape.controller.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Binds the metrics of every breaker and retry (resilience4j.circuitbreaker.*, resilience4j.retry.*,
 * tagged with the dependency) into the meter registry, when one is bound. The breakers and retries
 * are created first so that /metrics shows all three dependencies from the start, not only after
 * the first call to each.
 */
@Singleton
public final class ResilienceMetrics {
    private final boolean bound;

    @Inject
    public ResilienceMetrics(Optional<MeterRegistry> meters, CircuitBreakerRegistry breakers, RetryRegistry retries,
                             DependencyBreakers dependencyBreakers, RetryAttempts retryAttempts) {
        // the last two are here only so the instances exist before binding
        meters.ifPresent(registry -> {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        });
        this.bound = meters.isPresent();
    }

    /** Whether a meter registry was there to bind to. */
    public boolean bound() {
        return bound;
    }
}
