package dev.shipshape.reconcilers.containers;

import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;

import dev.shipshape.model.plan.Redact;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a started container is healthy: its health check passes, and keeps passing for one
 * health-check interval (two consecutive passing probes in Docker's health log, or healthy over
 * observations spanning an interval); or, without a health check, it stays running and not
 * restarting for a settle time. Fails fast when it exits.
 *
 * <p>It inspects the container when the next probe's result can be there (see {@link #nextLook}),
 * not many times a second: dozens of services waiting side by side would otherwise load the engine
 * (and this process) with inspects while it is busiest.
 *
 * <p>The fast gate (issue 17): Docker runs a health check only every {@code interval} (20.10 has no
 * {@code start_interval}), so two passing probes cost up to two intervals per dependency layer. For a
 * container whose check is a command ({@code CMD} or {@code CMD-SHELL}), the gate runs that same command
 * itself with {@code exec} from the moment the container starts, every {@link #EXEC_INTERVAL}, and
 * confirms on {@link #EXEC_PASSES} passes in a row. Bounded: at most {@link #MAX_EXECS} per wait, at
 * most {@link #EXEC_SLOTS} at a time in the process; after that, Docker's own status gates as before.
 * A failing exec never judges a release (the verdict stays Docker's status, the exit, or the timeout),
 * and Docker's status alone still decides later heals.
 */
public final class HealthGate {
    static final Duration POLL = Duration.ofMillis(200);
    static final Duration MAX_POLL = Duration.ofSeconds(1);
    /** How long after a probe is due its result is looked for: the probe itself takes a moment. */
    static final Duration PROBE_MARGIN = Duration.ofMillis(100);
    static final Duration SETTLE_WITHOUT_HEALTHCHECK = Duration.ofSeconds(2);
    static final Duration MAX_CONFIRMATION = Duration.ofSeconds(10);
    /** How often the fast gate runs the health command itself. */
    static final Duration EXEC_INTERVAL = Duration.ofMillis(250);
    /** Passing execs in a row that confirm a container healthy: one could be luck. */
    static final int EXEC_PASSES = 2;
    /** The most execs one wait runs (a minute at {@link #EXEC_INTERVAL}); then Docker's status alone. */
    static final int MAX_EXECS = 240;
    /** Execs in a row without an exit code after which the fast gate gives up for this wait. */
    static final int MAX_SILENT_EXECS = 8;
    /** How long one exec may take before it counts as a failure. */
    static final Duration EXEC_TIMEOUT = Duration.ofSeconds(5);
    /** Execs running at once in this process, whatever the number of services waiting: a bound on the rate. */
    static final java.util.concurrent.Semaphore EXEC_SLOTS = new java.util.concurrent.Semaphore(
            Integer.getInteger("shipshape.health.execSlots", 4), true);
    /** Whether the fast gate runs at all ({@code -Dshipshape.health.exec=false}: Docker's status only, for measurements). */
    static final boolean EXEC_GATE = Boolean.parseBoolean(System.getProperty("shipshape.health.exec", "true"));
    /** Restarts of a new container that make it a crash loop rather than a slow start. */
    static final int CRASH_LOOP_RESTARTS = 2;

    private final ContainerRuntime runtime;
    private final Duration settle;
    private final Failpoints.Reach failpoints;

    public HealthGate(ContainerRuntime runtime) {
        this(runtime, SETTLE_WITHOUT_HEALTHCHECK, Failpoints.ENVIRONMENT);
    }

    /**
     * @param settle how long a container without a health check must keep running to pass (unit tests
     *               against an in-memory runtime, where nothing can crash later, use zero)
     */
    public HealthGate(ContainerRuntime runtime, Duration settle, Failpoints.Reach failpoints) {
        this.runtime = runtime;
        this.settle = settle;
        this.failpoints = failpoints;
    }

    /**
     * @return done once healthy; a verdict when it exits, crash-loops or stays unhealthy past {@code timeout};
     * a transient failure when Docker stopped it or it was removed meanwhile; cancelled on request
     */
    public ActionOutcome awaitHealthy(String containerId, String service, Duration timeout, Cancellation cancellation) {
        return awaitHealthy(containerId, service, timeout, cancellation, Redact::controls);
    }

    /**
     * As {@link #awaitHealthy(String, String, Duration, Cancellation)}; the container's health-check output, which
     * its verdict quotes, passes through {@code outside} first (see {@code export.OutsideText}): a container
     * decides what that output says, and it ends up in errors, status, notifications and logs.
     */
    public ActionOutcome awaitHealthy(String containerId, String service, Duration timeout, Cancellation cancellation,
                                      UnaryOperator<String> outside) {
        try {
            return await(containerId, service, timeout, cancellation, outside);
        } catch (Cancellation.CancelledException e) {
            return new ActionOutcome.Cancelled(e.getMessage());
        }
    }

    private ActionOutcome await(String containerId, String service, Duration timeout, Cancellation cancellation,
                                UnaryOperator<String> outside) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long runningSince = -1;
        long healthySince = -1;
        int execs = 0;
        int execPasses = 0;
        int execSilent = 0;
        String last = "no observation yet";
        while (true) {
            ContainerInfo inspected = runtime.inspect(containerId).orElse(null);
            if (inspected == null) {
                return ActionOutcome.of(new ContainerVanishedException("the new container of " + service + " was"
                        + " removed while starting; the next pass plans against what is there now", null));
            }
            failpoints.reach(Failpoints.DURING_HEALTH_WAIT);
            ContainerInfo.Health health = inspected.health();
            boolean running = inspected.up();
            List<String> command = EXEC_GATE ? inspected.healthCommand() : List.of();
            boolean fast = running && !command.isEmpty() && execs < MAX_EXECS;
            if (fast) {
                execs++;
                Boolean passed = execProbe(containerId, command);
                execPasses = Boolean.TRUE.equals(passed) ? execPasses + 1 : 0;
                if (execPasses >= EXEC_PASSES) {
                    return ActionOutcome.done();
                }
                // no answer at all, again and again (a runtime that cannot exec, an engine refusing): Docker's status only
                execSilent = passed == null ? execSilent + 1 : 0;
                if (execSilent >= MAX_SILENT_EXECS) {
                    execs = MAX_EXECS;
                }
            }
            if (health != null && health.status() != null && !"none".equals(health.status())) {
                if ("healthy".equals(health.status()) && running) {
                    // One healthy result can be luck: judge by consecutive observations spanning a health interval.
                    long now = System.nanoTime();
                    healthySince = healthySince < 0 ? now : healthySince;
                    if (confirmedByLog(inspected) || now - healthySince >= confirmation(inspected).toNanos()) {
                        return ActionOutcome.done();
                    }
                } else {
                    healthySince = -1;
                }
                last = "health " + health.status() + lastOutput(health, outside);
            } else if (running) {
                long now = System.nanoTime();
                runningSince = runningSince < 0 ? now : runningSince;
                if (now - runningSince >= settle.toNanos()) {
                    return ActionOutcome.done();
                }
                last = "running, settling";
            }
            if (!running && inspected.restartCount() >= CRASH_LOOP_RESTARTS) {
                // Its restart policy keeps bringing it back, so it is never "exited" for long: without this,
                // a service that exits at once would be waited on for the whole health timeout.
                return ActionOutcome.verdict(service + " keeps exiting while starting (last exit code "
                        + inspected.exitCode() + ", restarted " + inspected.restartCount() + " times by its restart policy):"
                        + " it crash-loops; see `docker logs " + inspected.shortId() + "`");
            }
            if (!running && !inspected.restarting() && "exited".equals(inspected.status())) {
                if (runtime.stoppedByRuntimeSince(containerId, startedOrAnHourAgo(inspected))) {
                    return ActionOutcome.transientFailure(service + " was stopped while starting by a stop signal from"
                            + " Docker (the engine shutting down, or `docker stop`); that says nothing about the release,"
                            + " so it is tried again once the engine answers");
                }
                return ActionOutcome.verdict(service + " exited with code " + inspected.exitCode()
                        + " while starting; see `docker logs " + inspected.shortId() + "`");
            }
            if (System.nanoTime() > deadline) {
                return ActionOutcome.verdict(service + " did not become healthy within " + timeout.toSeconds()
                        + "s (last: " + last + "); raise spec.rollout.healthTimeout if it needs longer");
            }
            cancellation.checkpoint("waiting for " + service + " to become healthy");
            Duration next = fast ? EXEC_INTERVAL : nextLook(inspected, Instant.now());
            long wake = Math.min(deadline, System.nanoTime() + next.toNanos());
            sleepUntil(wake, service, cancellation);
        }
    }

    /**
     * One run of the health command, within the process-wide bound: whether it passed, or null when no exit code
     * came (it hung, the container is not running, the runtime cannot exec, the engine refused).
     */
    private Boolean execProbe(String containerId, List<String> command) {
        try {
            EXEC_SLOTS.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            java.util.OptionalLong code = runtime.exec(containerId, command, EXEC_TIMEOUT);
            return code.isPresent() ? code.getAsLong() == 0 : null;
        } catch (RuntimeException e) {
            return null; // gone or the engine busy: the next inspect says which; Docker's status still gates
        } finally {
            EXEC_SLOTS.release();
        }
    }

    private static Instant startedOrAnHourAgo(ContainerInfo inspected) {
        return inspected.startedAt() != null ? inspected.startedAt() : Instant.now().minus(Duration.ofHours(1));
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
     * When to look again. With a health check, nothing new can be seen before its next probe
     * ends: that is one interval after the last probe (or the start), and looking then, not every
     * {@link #poll} before it, spares the engine and us an inspect per service many times a second.
     * A probe that is due but not done yet is looked for every {@link #poll}. Without a health check
     * (or without times to go by), every {@link #poll}.
     */
    static Duration nextLook(ContainerInfo inspected, Instant now) {
        Duration poll = poll(inspected);
        Duration interval = inspected.healthInterval();
        if (interval == null || interval.isZero() || interval.isNegative()) {
            return poll;
        }
        Instant started = inspected.startedAt();
        Instant lastProbe = null;
        ContainerInfo.Health health = inspected.health();
        if (health != null && !health.log().isEmpty()) {
            lastProbe = health.log().get(health.log().size() - 1).end();
        }
        Instant base = lastProbe != null && (started == null || !lastProbe.isBefore(started)) ? lastProbe : started;
        if (base == null) {
            return poll;
        }
        Duration untilDue = Duration.between(now, base.plus(interval).plus(PROBE_MARGIN));
        if (untilDue.compareTo(poll) < 0) {
            return poll;
        }
        return untilDue.compareTo(interval) > 0 ? interval : untilDue;
    }

    /**
     * Whether the health log shows the check passing twice in a row since the container last
     * started: healthy, and still healthy one interval later. Counting probes, not our own
     * observations, confirms as soon as the second probe passes, however seldom we look.
     */
    static boolean confirmedByLog(ContainerInfo inspected) {
        ContainerInfo.Health health = inspected.health();
        if (health == null || health.log().size() < 2 || inspected.startedAt() == null) {
            return false;
        }
        List<ContainerInfo.Probe> log = health.log();
        for (ContainerInfo.Probe probe : log.subList(log.size() - 2, log.size())) {
            if (probe.exitCode() == null || probe.exitCode() != 0 || probe.start() == null
                    || probe.start().isBefore(inspected.startedAt())) {
                return false;
            }
        }
        return true;
    }

    /** How often to look: a fifth of the health interval, within [POLL, MAX_POLL]. */
    static Duration poll(ContainerInfo inspected) {
        Duration interval = inspected.healthInterval();
        if (interval == null || interval.isZero() || interval.isNegative()) {
            return POLL;
        }
        Duration fifth = interval.dividedBy(5);
        return fifth.compareTo(POLL) < 0 ? POLL : fifth.compareTo(MAX_POLL) > 0 ? MAX_POLL : fifth;
    }

    /** How long a container must stay healthy: one health-check interval, within sane bounds. */
    static Duration confirmation(ContainerInfo inspected) {
        Duration interval = inspected.healthInterval();
        if (interval == null || interval.isZero() || interval.isNegative()) {
            interval = Duration.ofSeconds(30);
        }
        return interval.compareTo(MAX_CONFIRMATION) > 0 ? MAX_CONFIRMATION : interval;
    }

    private static String lastOutput(ContainerInfo.Health health, UnaryOperator<String> outside) {
        if (health.log().isEmpty()) {
            return "";
        }
        String out = health.log().get(health.log().size() - 1).output();
        if (out == null || out.isBlank()) {
            return "";
        }
        // Cleaned before it is cut: a cut could split a secret so that the scan no longer sees it.
        out = outside.apply(out).strip();
        return " (" + (out.length() > 200 ? out.substring(0, 200) + "…" : out) + ")";
    }
}
