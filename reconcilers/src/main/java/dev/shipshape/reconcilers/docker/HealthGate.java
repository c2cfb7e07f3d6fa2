package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ReconcileException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waits until a started container is healthy: its health check passes, and keeps passing for one
 * health-check interval (two consecutive passing probes in Docker's health log, or healthy over
 * observations spanning an interval); or, without a health check, it stays running and not
 * restarting for a settle time. Fails fast when it exits.
 *
 * <p>It inspects the container when the next probe's result can be there (see {@link #nextLook}),
 * not many times a second: dozens of services waiting side by side would otherwise load the engine
 * (and this process) with inspects while it is busiest.
 */
public final class HealthGate {
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration MAX_POLL = Duration.ofSeconds(1);
    /** How long after a probe is due its result is looked for: the probe itself takes a moment. */
    static final Duration PROBE_MARGIN = Duration.ofMillis(100);
    static final Duration SETTLE_WITHOUT_HEALTHCHECK = Duration.ofSeconds(2);
    static final Duration MAX_CONFIRMATION = Duration.ofSeconds(10);
    static final Duration EVENTS_TIMEOUT = Duration.ofSeconds(5);
    /** Restarts of a new container that make it a crash loop rather than a slow start. */
    static final int CRASH_LOOP_RESTARTS = 2;

    private final DockerClient docker;

    public HealthGate(DockerClient docker) {
        this.docker = docker;
    }

    public void awaitHealthy(String containerId, String service, Duration timeout, Cancellation cancellation) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long runningSince = -1;
        long healthySince = -1;
        String last = "no observation yet";
        while (true) {
            InspectContainerResponse inspected;
            try {
                inspected = docker.inspectContainerCmd(containerId).exec();
            } catch (NotFoundException e) {
                throw new ContainerVanishedException("the new container of " + service + " was removed while starting;"
                        + " the next pass plans against what is there now", e);
            }
            Failpoints.reach(Failpoints.DURING_HEALTH_WAIT);
            InspectContainerResponse.ContainerState state = inspected.getState();
            HealthState health = state.getHealth();
            boolean running = Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting());
            if (health != null && health.getStatus() != null && !"none".equals(health.getStatus())) {
                if ("healthy".equals(health.getStatus()) && running) {
                    // One healthy result can be luck: judge by consecutive observations spanning a health interval.
                    long now = System.nanoTime();
                    healthySince = healthySince < 0 ? now : healthySince;
                    if (confirmedByLog(health, state.getStartedAt()) || now - healthySince >= confirmation(inspected).toNanos()) {
                        return;
                    }
                } else {
                    healthySince = -1;
                }
                last = "health " + health.getStatus() + lastOutput(health);
            } else if (running) {
                long now = System.nanoTime();
                runningSince = runningSince < 0 ? now : runningSince;
                if (now - runningSince >= SETTLE_WITHOUT_HEALTHCHECK.toNanos()) {
                    return;
                }
                last = "running, settling";
            }
            Integer restarts = inspected.getRestartCount();
            if (!running && restarts != null && restarts >= CRASH_LOOP_RESTARTS) {
                // Its restart policy keeps bringing it back, so it is never "exited" for long: without this,
                // a service that exits at once would be waited on for the whole health timeout.
                throw new ReconcileException(service + " keeps exiting while starting (last exit code "
                        + state.getExitCodeLong() + ", restarted " + restarts + " times by its restart policy): it crash-loops;"
                        + " see `docker logs " + containerId.substring(0, 12) + "`", false);
            }
            if (!running && !Boolean.TRUE.equals(state.getRestarting()) && "exited".equals(state.getStatus())) {
                if (stoppedByDocker(containerId, state.getStartedAt())) {
                    throw new ReconcileException(service + " was stopped while starting by a stop signal from Docker (the"
                            + " engine shutting down, or `docker stop`); that says nothing about the release, so it is"
                            + " tried again once the engine answers", true);
                }
                throw new ReconcileException(service + " exited with code " + state.getExitCodeLong()
                        + " while starting; see `docker logs " + containerId.substring(0, 12) + "`", false);
            }
            if (System.nanoTime() > deadline) {
                throw new ReconcileException(service + " did not become healthy within " + timeout.toSeconds()
                        + "s (last: " + last + "); raise spec.rollout.healthTimeout if it needs longer", false);
            }
            cancellation.checkpoint("waiting for " + service + " to become healthy");
            long wake = Math.min(deadline, System.nanoTime() + nextLook(inspected, Instant.now()).toNanos());
            sleepUntil(wake, service, cancellation);
        }
    }

    /** Sleeps until {@code wakeNanos}, looking at the cancellation at least every {@link #MAX_POLL}. */
    private static void sleepUntil(long wakeNanos, String service, Cancellation cancellation) {
        try {
            for (long left = wakeNanos - System.nanoTime(); left > 0; left = wakeNanos - System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), MAX_POLL.toMillis())));
                cancellation.checkpoint("waiting for " + service + " to become healthy");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("interrupted while waiting for " + service + " to become healthy", true, e);
        }
    }

    /**
     * When to inspect again. With a health check, nothing new can be seen before its next probe
     * ends: that is one interval after the last probe (or the start), and looking then, not every
     * {@link #poll} before it, spares the engine and us an inspect per service many times a second.
     * A probe that is due but not done yet is looked for every {@link #poll}. Without a health check
     * (or without times to go by), every {@link #poll}.
     */
    static Duration nextLook(InspectContainerResponse inspected, Instant now) {
        Duration poll = poll(inspected);
        var check = inspected.getConfig() == null ? null : inspected.getConfig().getHealthcheck();
        var state = inspected.getState();
        if (check == null || check.getInterval() == null || check.getInterval() <= 0 || state == null) {
            return poll;
        }
        Instant started = instant(state.getStartedAt());
        Instant lastProbe = null;
        HealthState health = state.getHealth();
        if (health != null && health.getLog() != null && !health.getLog().isEmpty()) {
            lastProbe = instant(health.getLog().get(health.getLog().size() - 1).getEnd());
        }
        Instant base = lastProbe != null && (started == null || !lastProbe.isBefore(started)) ? lastProbe : started;
        if (base == null) {
            return poll;
        }
        Duration interval = Duration.ofNanos(check.getInterval());
        Duration untilDue = Duration.between(now, base.plus(interval).plus(PROBE_MARGIN));
        if (untilDue.compareTo(poll) < 0) {
            return poll;
        }
        return untilDue.compareTo(interval) > 0 ? interval : untilDue;
    }

    /**
     * Whether Docker itself sent the container a stop signal since it started (a {@code kill} event:
     * {@code docker stop}, or dockerd stopping its containers as it shuts down), as opposed to the
     * container exiting on its own. When the engine cannot tell (it is going away), that counts as
     * stopped: a release is only judged bad on evidence.
     */
    private boolean stoppedByDocker(String containerId, String startedAt) {
        long since;
        try {
            since = Instant.parse(startedAt).getEpochSecond();
        } catch (RuntimeException e) {
            since = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
        }
        AtomicBoolean killed = new AtomicBoolean();
        try {
            boolean complete = docker.eventsCmd()
                    .withSince(String.valueOf(since))
                    .withUntil(String.valueOf(Instant.now().getEpochSecond() + 1))
                    .withContainerFilter(containerId)
                    .withEventFilter("kill")
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            killed.set(true);
                        }
                    }).awaitCompletion(EVENTS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return killed.get() || !complete;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (RuntimeException engineGoingAway) {
            return true;
        }
    }

    /**
     * Whether Docker's health log shows the check passing twice in a row since the container last
     * started: healthy, and still healthy one interval later. Counting probes, not our own
     * observations, confirms as soon as the second probe passes, however seldom we look.
     */
    static boolean confirmedByLog(HealthState health, String startedAt) {
        List<HealthStateLog> log = health.getLog();
        if (log == null || log.size() < 2) {
            return false;
        }
        Instant started = instant(startedAt);
        if (started == null) {
            return false;
        }
        for (HealthStateLog probe : log.subList(log.size() - 2, log.size())) {
            Instant probeStart = instant(probe.getStart());
            if (probe.getExitCodeLong() == null || probe.getExitCodeLong() != 0 || probeStart == null
                    || probeStart.isBefore(started)) {
                return false;
            }
        }
        return true;
    }

    /** How often to look: a fifth of the health interval, within [POLL, MAX_POLL]. */
    static Duration poll(InspectContainerResponse inspected) {
        var check = inspected.getConfig() == null ? null : inspected.getConfig().getHealthcheck();
        if (check == null || check.getInterval() == null || check.getInterval() <= 0) {
            return POLL;
        }
        Duration fifth = Duration.ofNanos(check.getInterval() / 5);
        return fifth.compareTo(POLL) < 0 ? POLL : fifth.compareTo(MAX_POLL) > 0 ? MAX_POLL : fifth;
    }

    /** Docker's RFC 3339 times (with Z or an offset); null when absent or unreadable. */
    private static Instant instant(String time) {
        if (time == null || time.isBlank() || time.startsWith("0001-")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** How long a container must stay healthy: one health-check interval, within sane bounds. */
    static Duration confirmation(InspectContainerResponse inspected) {
        var check = inspected.getConfig() == null ? null : inspected.getConfig().getHealthcheck();
        long nanos = check == null || check.getInterval() == null || check.getInterval() <= 0
                ? Duration.ofSeconds(30).toNanos() : check.getInterval();
        Duration interval = Duration.ofNanos(nanos);
        return interval.compareTo(MAX_CONFIRMATION) > 0 ? MAX_CONFIRMATION : interval;
    }

    private static String lastOutput(HealthState health) {
        List<HealthStateLog> log = health.getLog();
        if (log == null || log.isEmpty()) {
            return "";
        }
        String out = log.get(log.size() - 1).getOutput();
        if (out == null || out.isBlank()) {
            return "";
        }
        out = out.strip();
        return " (" + (out.length() > 200 ? out.substring(0, 200) + "…" : out) + ")";
    }
}
