package dev.shipshape.controller.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.metrics.SwarmMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** The Prometheus registry of a running controller; resilience4j's metrics are bound into it too. */
public final class MetricsModule extends AbstractModule {
    @Override
    protected void configure() {
        // listens to the swarm's task counts from the start; with runtime: host it never hears anything
        bind(SwarmMetrics.class).asEagerSingleton();
    }

    @Provides
    MeterRegistry meterRegistry(ControllerMetrics metrics) {
        return metrics.registry();
    }
}
