package dev.shipshape.controller.resilience;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Crash-loop protection. Restarting a container that dies again at once only burns CPU and floods
 * logs; after {@code max} restarts of a service within the window shipshape stops restarting it
 * until the oldest of those restarts leaves the window, and says so. Pure: the caller passes the
 * time, so tests need no clock and no waiting. Thread-safe: deaths come from the Docker event
 * thread, restarts from the control loop.
 */
@Singleton
public final class CrashLoopGuard {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final int maxRestarts;
    private final Duration window;
    /** Sorted by service, so the reason names services in a stable order. */
    private final Map<String, Deque<Instant>> deaths = new TreeMap<>();
    private final Map<String, Deque<Instant>> restarts = new TreeMap<>();

    @Inject
    public CrashLoopGuard(ResilienceSettings settings) {
        this(settings.crashLoopMaxRestarts(), settings.crashLoopWindow());
    }

    public CrashLoopGuard(int maxRestarts, Duration window) {
        if (maxRestarts < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("crash-loop protection needs at least 1 restart (got " + maxRestarts
                    + ") in a positive window (got " + window + ")");
        }
        this.maxRestarts = maxRestarts;
        this.window = window;
    }

    /** A container of {@code service} died (or stopped without shipshape asking it to). */
    public synchronized void recordDeath(String service, Instant at) {
        deaths.computeIfAbsent(service, s -> new ArrayDeque<>()).addLast(at);
    }

    /** shipshape restarted (started or recreated) {@code service}. */
    public synchronized void recordRestart(String service, Instant at) {
        restarts.computeIfAbsent(service, s -> new ArrayDeque<>()).addLast(at);
    }

    /** Whether shipshape may restart {@code service} now, or must leave it down for a while. */
    public synchronized boolean mayRestart(String service, Instant now) {
        return inWindow(restarts, service, now).size() < maxRestarts;
    }

    /** When {@code service} may be restarted again; empty when it may be now. */
    public synchronized Optional<Instant> blockedUntil(String service, Instant now) {
        List<Instant> recent = inWindow(restarts, service, now);
        if (recent.size() < maxRestarts) {
            return Optional.empty();
        }
        // once this one leaves the window, fewer than max restarts remain in it
        return Optional.of(recent.get(recent.size() - maxRestarts).plus(window));
    }

    /** Restarts of {@code service} within the window ending at {@code now}. */
    public synchronized int restarts(String service, Instant now) {
        return inWindow(restarts, service, now).size();
    }

    /** Deaths of {@code service} within the window ending at {@code now}. */
    public synchronized int deaths(String service, Instant now) {
        return inWindow(deaths, service, now).size();
    }

    /** For status: why some services are left down, or empty when none is. */
    public synchronized Optional<String> reason(Instant now) {
        List<String> blocked = new ArrayList<>();
        for (String service : new ArrayList<>(restarts.keySet())) {
            blockedUntil(service, now).ifPresent(until -> blocked.add(describe(service, now, until)));
        }
        return blocked.isEmpty() ? Optional.empty() : Optional.of(String.join("; also ", blocked));
    }

    private String describe(String service, Instant now, Instant until) {
        int died = deaths(service, now);
        return service + " restarted " + restarts(service, now) + " times in " + Durations.human(window)
                + (died > 0 ? " (it died " + died + " times)" : "")
                + "; not restarting it again before " + TIME.format(until)
                + "; check its logs with `docker logs $(docker ps -alq --filter label=com.docker.compose.service="
                + service + ")`";
    }

    /** Drops entries older than the window, then returns those left, oldest first. */
    private List<Instant> inWindow(Map<String, Deque<Instant>> byService, String service, Instant now) {
        Deque<Instant> times = byService.get(service);
        if (times == null) {
            return List.of();
        }
        Instant oldestKept = now.minus(window);
        times.removeIf(t -> !t.isAfter(oldestKept));
        if (times.isEmpty()) {
            byService.remove(service);
            return List.of();
        }
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        sorted.removeIf(t -> t.isAfter(now)); // a report from "the future" (a clock step) does not count yet
        return sorted;
    }
}
