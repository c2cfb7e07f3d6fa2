package dev.shipshape.controller.events;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.PassOutcome;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which passes and decisions are events, and their keys: the versions and the desired file's generation. */
class RolloutEventsTest {
    static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");
    static final DesiredFile DESIRED = DesiredFile.parse(Path.of("demo.yaml"), """
            apiVersion: shipshape.dev/v1
            kind: Server
            metadata:
              name: demo
            spec:
              version: 1.1.0
              source:
                url: https://releases.example.com/demo-{version}.zip
              projectDir: projects/demo
            """);
    static final Version V10 = Version.parse("1.0.0");
    static final Version V11 = Version.parse("1.1.0");
    static final Action START = new StartService("api", "c0ffee", "test");

    private static Plan plan(Version installed, List<Action> actions, DesiredState.Rollback rollback) {
        return new Plan(V11, installed, actions, List.of(), List.of(), List.of(), rollback);
    }

    @Test
    void anUpgradeStartsWhenAPlanMovesAnInstalledServer() {
        Optional<ServerEvent> started = RolloutEvents.started(DESIRED, plan(V10, List.of(START), null), NOW);
        assertThat(started).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.UPGRADE_STARTED);
            assertThat(e.key()).isEqualTo("upgrade-started:1.0.0->1.1.0:" + DESIRED.generation());
            assertThat(e.summary()).isEqualTo("upgrading demo from 1.0.0 to 1.1.0");
        });
    }

    @Test
    void preparingAFirstInstallARollbackOrNothingStartsNoUpgrade() {
        DownloadRelease download = new DownloadRelease(V11, URI.create("https://releases.example.com/demo-1.1.0.zip"));
        assertThat(RolloutEvents.started(DESIRED, plan(V10, List.of(download), null), NOW)).as("download only").isEmpty();
        assertThat(RolloutEvents.started(DESIRED, plan(null, List.of(START), null), NOW)).as("first install").isEmpty();
        assertThat(RolloutEvents.started(DESIRED, plan(V11, List.of(START), null), NOW)).as("healing").isEmpty();
        assertThat(RolloutEvents.started(DESIRED, plan(V10, List.of(START),
                new DesiredState.Rollback(V11, V10, "x")), NOW)).as("rolling back").isEmpty();
    }

    @Test
    void recordingTheNewVersionIsSuccess() {
        PassOutcome acted = new PassOutcome.Acted(plan(V10, List.of(), null), List.of(START, new RecordInstalled(V11, V10)));
        assertThat(RolloutEvents.after(DESIRED, acted, new Decision.Continue(), NOW)).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.UPGRADE_SUCCEEDED);
            assertThat(e.key()).isEqualTo("upgrade-succeeded:1.0.0->1.1.0:" + DESIRED.generation());
        });
        PassOutcome install = new PassOutcome.Acted(plan(null, List.of(), null), List.of(new RecordInstalled(V11, null)));
        assertThat(RolloutEvents.after(DESIRED, install, new Decision.Continue(), NOW)).as("a first install").isEmpty();
    }

    @Test
    void aRollbackNamesTheServiceAndTheReasonAndAHoldIsAFailedRollout() {
        FailedRollout record = new FailedRollout(DESIRED.generation(), V11, V10, "api", "api did not become healthy (***)", NOW);
        PassOutcome failed = new PassOutcome.Failed(plan(V10, List.of(START), null), List.of(), START,
                new Failure(Failure.Kind.VERDICT, "api did not become healthy (***)", null));
        assertThat(RolloutEvents.after(DESIRED, failed, new Decision.RollBack(record), NOW)).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.ROLLED_BACK);
            assertThat(e.service()).isEqualTo("api");
            assertThat(e.from()).isEqualTo("1.0.0");
            assertThat(e.to()).isEqualTo("1.1.0");
            assertThat(e.details()).containsEntry("reason", "api did not become healthy (***)");
        });
        FailedRollout first = new FailedRollout(DESIRED.generation(), V11, null, "api", "exited", NOW);
        assertThat(RolloutEvents.after(DESIRED, failed, new Decision.Hold(first), NOW)).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(EventKind.ROLLOUT_FAILED);
            assertThat(e.from()).isNull();
            assertThat(e.summary()).contains("no previous version");
        });
        assertThat(RolloutEvents.after(DESIRED, failed, new Decision.Retry(null), NOW)).isEmpty();
    }
}
