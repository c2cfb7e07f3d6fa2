package dev.shipshape.controller.metrics;

import dev.shipshape.controller.status.RunResult;
import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The controller's Prometheus metrics. Meter names are written the micrometer way (dots) and the
 * Prometheus naming convention renders them: {@code shipshape.reconciliations} becomes
 * {@code shipshape_reconciliations_total}, the timer gets {@code _seconds}.
 *
 * <p>Label values come from closed sets (result, action kind, versions) so the number of series
 * stays small; no label ever carries a service's configuration.
 */
@Singleton
public final class ControllerMetrics implements AutoCloseable {
    static final String RECONCILIATIONS = "shipshape.reconciliations";
    static final String DURATION = "shipshape.reconciliation.duration";
    static final String DRIFT = "shipshape.drift.detected";
    static final String ACTIONS = "shipshape.actions";
    static final String CONVERGED = "shipshape.converged";
    static final String VERSION_INFO = "shipshape.version.info";

    /** From a quick resync (well under a second) to a slow upgrade with big image pulls. */
    private static final Duration[] DURATION_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30)};

    private final PrometheusMeterRegistry registry;
    private final Timer duration;
    private final AtomicInteger converged = new AtomicInteger();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private Gauge versionInfo;
    private String versionKey;

    @Inject
    public ControllerMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.duration = Timer.builder(DURATION)
                .description("time one reconciliation took, from observing to the last action")
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
        Gauge.builder(CONVERGED, converged, AtomicInteger::get)
                .description("1 when the last reconciliation found the project at its desired state, else 0")
                .register(registry);
    }

    /** Where others bind their meters (resilience4j retries and circuit breakers). */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** One reconciliation ended. */
    public void reconciliation(RunResult result, Duration took) {
        Counter.builder(RECONCILIATIONS)
                .description("reconciliations by how they ended")
                .tag("result", result.metricLabel())
                .register(registry)
                .increment();
        duration.record(took);
    }

    /** A pass found these actions necessary: each one is drift from the desired state, counted by kind. */
    public void driftDetected(Plan plan) {
        for (Action action : plan.actions()) {
            driftDetected(action.kind());
        }
    }

    public void driftDetected(String kind) {
        Counter.builder(DRIFT)
                .description("actions a reconciliation found necessary, by kind")
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    /** An action ran; {@code succeeded} false when it threw. */
    public void action(String kind, boolean succeeded) {
        Counter.builder(ACTIONS)
                .description("actions run, by kind and result")
                .tags(Tags.of("kind", kind, "result", succeeded ? "success" : "failure"))
                .register(registry)
                .increment();
    }

    public void converged(boolean value) {
        converged.set(value ? 1 : 0);
    }

    /**
     * The installed and target versions as labels of a constant 1, the Prometheus "info" pattern.
     * A gauge's labels cannot change, so a change of version replaces the gauge; the old series is
     * removed rather than left behind reporting a version that is no longer true.
     */
    public synchronized void versions(Version current, Version target) {
        String c = current == null ? "none" : current.toString();
        String t = target == null ? "none" : target.toString();
        String key = c + "\n" + t;
        if (key.equals(versionKey)) {
            return;
        }
        if (versionInfo != null) {
            registry.remove(versionInfo);
        }
        versionInfo = Gauge.builder(VERSION_INFO, () -> 1)
                .description("the installed (current) and desired (target) server versions")
                .tags("current", c, "target", t)
                .register(registry);
        versionKey = key;
    }

    /** Stops the GC listener thread the JVM binder registered. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
