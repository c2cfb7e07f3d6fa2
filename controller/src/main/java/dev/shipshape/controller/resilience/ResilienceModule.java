package dev.shipshape.controller.resilience;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Retries, circuit breakers, requeue backoff and crash-loop protection. Needs a {@link Clock}
 * (CoreModule binds one). A {@link MeterRegistry} is optional: bind one anywhere (a plain
 * {@code bind(MeterRegistry.class)...} is enough) and the resilience4j metrics go into it. Tests
 * override {@link ResilienceSettings} with {@link ResilienceSettings#forTests()}.
 */
public final class ResilienceModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ResilienceSettings.class).toInstance(ResilienceSettings.defaults());
        OptionalBinder.newOptionalBinder(binder(), MeterRegistry.class);
        // eager: the metrics are bound when the injector is built, before the first reconciliation
        bind(ResilienceMetrics.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    CircuitBreakerRegistry circuitBreakerRegistry(ResilienceSettings settings, Clock clock) {
        return CircuitBreakerRegistry.of(ResilienceConfigs.breaker(settings, clock));
    }

    @Provides
    @Singleton
    RetryRegistry retryRegistry(ResilienceSettings settings) {
        return RetryRegistry.of(ResilienceConfigs.retry(settings));
    }

    /** Jitter needs no cryptographic strength, only independence between restarts. */
    @Provides
    RandomGenerator randomGenerator() {
        return RandomGenerator.getDefault();
    }
}
