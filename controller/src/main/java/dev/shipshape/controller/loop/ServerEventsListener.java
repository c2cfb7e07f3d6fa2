package dev.shipshape.controller.loop;

import dev.shipshape.controller.DockerEngineUnreachableException;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.controller.status.SafeMessage;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.rollout.PassOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Tells the {@link ServerEvents} when the server turns degraded and when it recovers, as the loop sees it, after
 * passing everything on to {@code next} (status and metrics). Degraded: a crash loop, the engine unreachable, an
 * invalid desired file or commit, or passes failing for longer than {@link #FAILING_FOR} (a release source or
 * registry that stays unreachable). Recovered: the next pass that converges with nothing failed or refused.
 * The notifier sends a degraded once per reason until a recovered, and a recovered only after a degraded.
 */
final class ServerEventsListener implements LoopListener {
    /** Failures for this long (a dead release source, say) are news; a blip that the next retry cures is not. */
    static final Duration FAILING_FOR = Duration.ofMinutes(15);

    private final LoopListener next;
    private final ServerEvents events;
    private final Clock clock;
    private final String project;
    private Instant failingSince;
    private boolean sourceProblem;
    /**
     * Whether a converged pass may announce a recovery: after a degraded event, and once after a start (a degraded one
     * may have been sent before it). The notifier sends a recovery only after a degraded event anyway; this keeps every
     * converged pass from handing it one to drop.
     */
    private volatile boolean mayRecover = true;

    ServerEventsListener(LoopListener next, ServerEvents events, Clock clock, String project) {
        this.next = next;
        this.events = events;
        this.clock = clock;
        this.project = project;
    }

    @Override
    public void desiredInvalid(String generation, String error) {
        next.desiredInvalid(generation, error);
        degraded("invalid-desired-file", "the desired file is invalid; the server keeps running as it is until it is fixed",
                error);
    }

    @Override
    public void desiredRead(DesiredRead read) {
        next.desiredRead(read);
        sourceProblem = read.problem() != null;
        if (sourceProblem) {
            degraded(kebab(read.problem().reason()), "the newest desired state is refused (" + read.problem().reason()
                    + "); the last good one keeps being applied", read.problem().message());
        }
    }

    @Override
    public void passStarted(DesiredFile desired) {
        next.passStarted(desired);
    }

    @Override
    public void observed(ObservedState observed) {
        next.observed(observed);
    }

    @Override
    public void actionStarting(Action action) {
        next.actionStarting(action);
    }

    @Override
    public void actionFinished(Action action, long millis) {
        next.actionFinished(action, millis);
    }

    @Override
    public void passFinished(DesiredFile desired, PassOutcome result, long millis) {
        next.passFinished(desired, result, millis);
        failingSince = null;
        if (mayRecover && !sourceProblem && result instanceof PassOutcome.Acted && result.plan().converged()
                && result.plan().rollback() == null) {
            mayRecover = false;
            events.publish(new ServerEvent("recovered", EventKind.RECOVERED, project, clock.instant(), null,
                    result.plan().target() == null ? null : result.plan().target().toString(), null,
                    project + " is at its desired state again" + (result.plan().target() == null ? ""
                    : " (version " + result.plan().target() + ")"), Map.of()));
        }
    }

    @Override
    public void passFailed(DesiredFile desired, Throwable error, Duration retryIn, long millis) {
        next.passFailed(desired, error, retryIn, millis);
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = now;
        }
        if (error instanceof CrashLoopGate.CrashLoopException) {
            degraded("crash-loop", "a service keeps dying; shipshape holds back restarting it", SafeMessage.of(error));
        } else if (error instanceof DockerEngineUnreachableException
                || DockerEngineUnreachableException.of(error).isPresent()) {
            degraded("engine-unreachable", "the Docker engine does not answer; nothing can be changed or healed",
                    SafeMessage.of(DockerEngineUnreachableException.of(error).<Throwable>map(e -> e).orElse(error)));
        } else if (Duration.between(failingSince, now).compareTo(FAILING_FOR) >= 0) {
            degraded("failing", "every pass has failed for " + Duration.between(failingSince, now).toMinutes()
                    + " minutes", SafeMessage.of(error));
        }
    }

    private void degraded(String reason, String summary, String why) {
        mayRecover = true;
        events.publish(new ServerEvent("degraded:" + reason, EventKind.DEGRADED, project, clock.instant(), null, null, null,
                project + " is degraded: " + summary, Map.of("reason", reason, "message", String.valueOf(why))));
    }

    /** InvalidCommit -> invalid-commit. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
