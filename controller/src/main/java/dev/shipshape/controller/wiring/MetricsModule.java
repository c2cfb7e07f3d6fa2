package dev.shipshape.controller.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.shipshape.controller.metrics.ControllerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** The Prometheus registry of a running controller; resilience4j's metrics are bound into it too. */
public final class MetricsModule extends AbstractModule {
    @Provides
    MeterRegistry meterRegistry(ControllerMetrics metrics) {
        return metrics.registry();
    }
}
