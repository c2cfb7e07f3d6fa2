package dev.shipshape.controller.loop;

import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.ServerSpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * When the control loop last showed progress (a pass started, planned, started or finished an
 * action, ended), so {@code /healthz} can tell a loop that is stuck from one that is busy. An idle
 * loop is never stuck: it waits for a trigger. A busy one is stuck once it has been silent for
 * longer than its pass may legitimately be: every action is bounded by a timeout of the desired
 * file (a download by {@code source.timeout}, a pull by {@code images.pullTimeout}, a health wait
 * by {@code rollout.healthTimeout}), and the resilience retries repeat an action at most
 * {@link #ATTEMPTS} times, so a silence longer than that plus {@link #MARGIN} is not a slow action.
 */
final class LoopHeartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(LoopHeartbeat.class);
    /** Reading the desired file and observing are bounded by their own timeouts, well within this. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** At least the resilience retry's attempts of one action (3 by default). */
    static final int ATTEMPTS = 3;

    private final Function<DesiredFile, Duration> allowance;
    private final LongSupplier nanos;
    private boolean busy;
    private long lastBeat;
    private Duration allowed = MARGIN;

    LoopHeartbeat(Function<DesiredFile, Duration> allowance, LongSupplier nanos) {
        this.allowance = allowance;
        this.nanos = nanos;
    }

    /** The longest silence a pass of {@code desired} may keep without being stuck. */
    static Duration allowanceFor(DesiredFile desired) {
        ServerSpec spec = desired.server().spec();
        Duration longest = max(max(spec.source().timeout(), spec.images().pullTimeout()), spec.rollout().healthTimeout());
        return longest.multipliedBy(ATTEMPTS).plus(MARGIN);
    }

    private static Duration max(Duration a, Duration b) {
        if (a == null) {
            return b == null ? Duration.ZERO : b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** The worker took up a pass; until its desired file is read it gets the margin. */
    synchronized void passStarted() {
        busy = true;
        allowed = MARGIN;
        lastBeat = nanos.getAsLong();
    }

    /** The pass's desired file is known: its timeouts bound the silence from now on. */
    synchronized void reconciling(DesiredFile desired) {
        allowed = allowance.apply(desired);
        lastBeat = nanos.getAsLong();
    }

    synchronized void beat() {
        lastBeat = nanos.getAsLong();
    }

    synchronized void passEnded() {
        busy = false;
        lastBeat = nanos.getAsLong();
    }

    /** False while the loop is stuck (and says so in the log). */
    boolean alive() {
        Optional<Duration> stuck = stuckFor();
        stuck.ifPresent(d -> LOG.warn("the control loop has shown no progress for {} s, longer than its pass may take;"
                + " it is stuck: restart shipshape run", d.toSeconds()));
        return stuck.isEmpty();
    }

    /** How long a busy loop has been silent beyond what its pass may take; empty while it is alive. */
    synchronized Optional<Duration> stuckFor() {
        if (!busy) {
            return Optional.empty();
        }
        Duration silent = Duration.ofNanos(nanos.getAsLong() - lastBeat);
        return silent.compareTo(allowed) > 0 ? Optional.of(silent) : Optional.empty();
    }
}
