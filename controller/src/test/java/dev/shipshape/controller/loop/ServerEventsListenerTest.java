package dev.shipshape.controller.loop;

import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.rollout.PassOutcome;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the loop tells the events: degraded with its reason, recovered on a converged pass. */
class ServerEventsListenerTest {
    final List<ServerEvent> events = new ArrayList<>();
    Instant now = Instant.parse("2026-12-05T01:00:00Z");
    final ServerEventsListener listener = new ServerEventsListener(new LoopListener() {
    }, events::add, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, "demo");

    static final PassOutcome CONVERGED = new PassOutcome.Acted(new Plan(Version.parse("1.0.0"), Version.parse("1.0.0"),
            List.of(), List.of(), List.of()), List.of());

    @Test
    void aCrashLoopIsDegradedAndAConvergedPassRecovered() {
        listener.passFailed(null, new CrashLoopGate.CrashLoopException("api died 5 times in 2 minutes"), Duration.ZERO, 1);
        listener.passFinished(null, CONVERGED, 1);
        assertThat(events).extracting(ServerEvent::kind).containsExactly(EventKind.DEGRADED, EventKind.RECOVERED);
        assertThat(events.get(0).key()).isEqualTo("degraded:crash-loop");
        assertThat(events.get(0).details()).containsEntry("message", "api died 5 times in 2 minutes");
    }

    @Test
    void failuresAreNewsOnlyOnceTheyLast() {
        listener.passFailed(null, new ShipshapeException("the release source does not answer"), Duration.ZERO, 1);
        now = now.plus(ServerEventsListener.FAILING_FOR).minusSeconds(1);
        listener.passFailed(null, new ShipshapeException("the release source does not answer"), Duration.ZERO, 1);
        assertThat(events).isEmpty();
        now = now.plusSeconds(1);
        listener.passFailed(null, new ShipshapeException("the release source does not answer"), Duration.ZERO, 1);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo("degraded:failing"));
    }

    @Test
    void anInvalidDesiredFileOrCommitIsDegradedAndNoRecoveryWhileTheCommitIsRefused() {
        listener.desiredInvalid("abc", "spec.version: expected a version");
        listener.desiredRead(new DesiredRead(null, null, new DesiredRead.Problem("InvalidCommit", "def", "bad commit")));
        listener.passFinished(null, CONVERGED, 1);
        assertThat(events).extracting(ServerEvent::key).containsExactly("degraded:invalid-desired-file", "degraded:invalid-commit");
    }
}
