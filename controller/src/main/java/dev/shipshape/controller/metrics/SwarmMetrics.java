package dev.shipshape.controller.metrics;

import dev.shipshape.controller.swarm.SwarmTaskCounts;

import io.micrometer.core.instrument.Gauge;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code shipshape_swarm_tasks{service, state="desired"|"running"}}: on a swarm, how many tasks each service should
 * run and how many run (healthy, when it has a check). The service names come from the release: a closed set.
 */
@Singleton
public final class SwarmMetrics {
    static final String TASKS = "shipshape.swarm.tasks";

    private final ControllerMetrics metrics;
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();

    @Inject
    public SwarmMetrics(ControllerMetrics metrics, SwarmTaskCounts counts) {
        this.metrics = metrics;
        counts.listen(this::update);
    }

    private void update(Map<String, SwarmTaskCounts.Counts> counts) {
        counts.forEach((service, c) -> {
            gauge(service, "desired").set(c.desired());
            gauge(service, "running").set(c.running());
        });
        gauges.forEach((key, value) -> {
            if (!counts.containsKey(key.substring(0, key.indexOf('\0')))) {
                value.set(0); // a service the release no longer has
            }
        });
    }

    private AtomicInteger gauge(String service, String state) {
        return gauges.computeIfAbsent(service + '\0' + state, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(TASKS, value, AtomicInteger::get)
                    .description("tasks of a Swarm service: desired (its replicas) and running")
                    .tag("service", service).tag("state", state)
                    .register(metrics.registry());
            return value;
        });
    }
}
