package dev.shipshape.controller.swarm;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The desired and running tasks of each Swarm service, as the last pass saw them: for {@code /metrics}
 * ({@code controller.metrics.SwarmMetrics} listens) and whoever else wants the swarm's figures. Holds no I/O.
 */
@Singleton
public final class SwarmTaskCounts {
    /** @param desired the service's replicas; {@code running} its tasks that run (healthy, when it has a check) */
    public record Counts(int desired, int running) {
    }

    private final List<Consumer<Map<String, Counts>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Counts> last = Map.of();

    public void listen(Consumer<Map<String, Counts>> listener) {
        listeners.add(listener);
    }

    /** By service name (the release's, not the Swarm service's). */
    public Map<String, Counts> last() {
        return last;
    }

    void update(Map<String, Counts> counts) {
        last = Map.copyOf(counts);
        listeners.forEach(l -> l.accept(last));
    }
}
