package dev.shipshape.reconcilers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a runtime says about one container when asked for it by name or id: the fields the
 * reconcilers judge by (health gate, jobs, take-overs, kept volumes), nothing more.
 *
 * @param status         the engine's word for the state: created, running, restarting, exited, dead, …
 * @param exitCode       null while it never ended
 * @param startedAt      null when it never started (or the engine gave no readable time)
 * @param health         null when the container has no health check
 * @param healthInterval null when the container has no health check (or no interval)
 * @param volumes        the names of the named volumes it mounts
 * @param healthTest     the health check's test as the engine keeps it ({@code [CMD, …]}, {@code [CMD-SHELL, …]},
 *                       {@code [NONE]}); empty when it has none or the runtime does not say
 */
public record ContainerInfo(String id, String name, Map<String, String> labels, String status, boolean running,
                            boolean restarting, Long exitCode, boolean oomKilled, Instant startedAt, int restartCount,
                            Health health, Duration healthInterval, List<String> volumes, List<String> healthTest) {
    public ContainerInfo {
        labels = Map.copyOf(labels);
        volumes = List.copyOf(volumes);
        healthTest = healthTest == null ? List.of() : List.copyOf(healthTest);
    }

    public ContainerInfo(String id, String name, Map<String, String> labels, String status, boolean running,
                         boolean restarting, Long exitCode, boolean oomKilled, Instant startedAt, int restartCount,
                         Health health, Duration healthInterval, List<String> volumes) {
        this(id, name, labels, status, running, restarting, exitCode, oomKilled, startedAt, restartCount, health,
                healthInterval, volumes, List.of());
    }

    /**
     * The command that runs the health check inside the container, for {@code exec}: a CMD test's
     * arguments, or a CMD-SHELL test through {@code /bin/sh -c}; empty when there is no such check.
     */
    public List<String> healthCommand() {
        if (healthTest.size() >= 2 && "CMD".equals(healthTest.get(0))) {
            return healthTest.subList(1, healthTest.size());
        }
        if (healthTest.size() == 2 && "CMD-SHELL".equals(healthTest.get(0))) {
            return List.of("/bin/sh", "-c", healthTest.get(1));
        }
        return List.of();
    }

    /** Running and not being restarted by its restart policy. */
    public boolean up() {
        return running && !restarting;
    }

    /** Ended and not about to be restarted. */
    public boolean ended() {
        return !running && !restarting && ("exited".equals(status) || "dead".equals(status));
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** The health check's state: healthy, unhealthy or starting, and its most recent probes, oldest first. */
    public record Health(String status, List<Probe> log) {
        public Health {
            log = List.copyOf(log);
        }
    }

    /** One run of the health check. Times are null when the engine gave none that can be read. */
    public record Probe(Instant start, Instant end, Long exitCode, String output) {
    }
}
