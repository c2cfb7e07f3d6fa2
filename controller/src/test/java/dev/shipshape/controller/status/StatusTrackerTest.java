package dev.shipshape.controller.status;

import dev.shipshape.controller.ManualClock;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.PlanRefusedException;
import dev.shipshape.model.plan.StartService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.shipshape.controller.status.StatusFixtures.converged;
import static dev.shipshape.controller.status.StatusFixtures.desired;
import static dev.shipshape.controller.status.StatusFixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

class StatusTrackerTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    ManualClock clock;
    Path projectDir;
    StatusTracker tracker;
    DesiredFile v1;

    @BeforeEach
    void setUp() {
        clock = new ManualClock(T0);
        v1 = desired(dir, "1.0.0");
        projectDir = v1.projectDir();
        tracker = new StatusTracker("spacetech", projectDir, clock);
    }

    @Test
    void startsNotReadyWithoutWritingAnything() {
        ServerStatus s = tracker.snapshot();
        assertThat(s.ready()).isFalse();
        assertThat(s.conditions()).extracting(Condition::reason).containsOnly("NotReconciled");
        assertThat(StatusFile.path(projectDir)).doesNotExist();
    }

    @Test
    void convergedReconcileIsReadyAndNotProgressing() {
        tracker.reconcileStarted(v1);
        clock.advance(Duration.ofSeconds(2));
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 2000);

        ServerStatus s = tracker.snapshot();
        assertThat(s.ready()).isTrue();
        assertThat(condition(s, ConditionType.READY).reason()).isEqualTo("Converged");
        assertThat(condition(s, ConditionType.PROGRESSING).status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(condition(s, ConditionType.DEGRADED).status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(s.observedGeneration()).isEqualTo(v1.generation()).hasSize(64);
        assertThat(s.desiredGeneration()).isEqualTo(v1.generation());
        assertThat(s.currentVersion()).isEqualTo(Version.parse("1.0.0"));
        assertThat(s.targetVersion()).isEqualTo(Version.parse("1.0.0"));
        assertThat(s.lastError()).isNull();
        assertThat(s.history()).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(RunResult.CONVERGED);
            assertThat(r.startedAt()).isEqualTo(T0);
            assertThat(r.durationMillis()).isEqualTo(2000);
        });
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        Instant readySince = condition(tracker.snapshot(), ConditionType.READY).lastTransitionTime();
        assertThat(readySince).isEqualTo(T0); // False -> True at T0

        // Same status again, later, with another message: the transition time stays.
        clock.advance(Duration.ofMinutes(5));
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        assertThat(condition(tracker.snapshot(), ConditionType.READY).lastTransitionTime()).isEqualTo(T0);
        Instant degradedSince = condition(tracker.snapshot(), ConditionType.DEGRADED).lastTransitionTime();
        assertThat(degradedSince).isEqualTo(T0); // never flipped from its initial False

        // A failure flips Ready and Degraded: both move.
        clock.advance(Duration.ofMinutes(1));
        Instant failedAt = clock.instant();
        tracker.reconcileStarted(v1);
        tracker.reconcileFailed(v1, new ShipshapeException("the registry at 127.0.0.1:5000 refused the pull"), true, 30);
        ServerStatus failed = tracker.snapshot();
        assertThat(condition(failed, ConditionType.READY).lastTransitionTime()).isEqualTo(failedAt);
        assertThat(condition(failed, ConditionType.DEGRADED)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(ConditionStatus.TRUE);
            assertThat(c.reason()).isEqualTo("ReconcileFailed");
            assertThat(c.lastTransitionTime()).isEqualTo(failedAt);
        });
        assertThat(condition(failed, ConditionType.PROGRESSING).reason()).isEqualTo("RetryScheduled");
        assertThat(failed.lastError()).contains("refused the pull");

        // Failing again with another reason: status unchanged, so times unchanged; the reason does change.
        clock.advance(Duration.ofMinutes(1));
        tracker.reconcileFailed(v1, new PlanRefusedException("downgrade refused"), false, 5);
        ServerStatus again = tracker.snapshot();
        assertThat(condition(again, ConditionType.DEGRADED).lastTransitionTime()).isEqualTo(failedAt);
        assertThat(condition(again, ConditionType.DEGRADED).reason()).isEqualTo("PlanRefused");
        assertThat(condition(again, ConditionType.PROGRESSING).status()).isEqualTo(ConditionStatus.FALSE);

        // Recovery flips back and clears the error.
        clock.advance(Duration.ofMinutes(1));
        Instant recoveredAt = clock.instant();
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        ServerStatus recovered = tracker.snapshot();
        assertThat(recovered.ready()).isTrue();
        assertThat(condition(recovered, ConditionType.READY).lastTransitionTime()).isEqualTo(recoveredAt);
        assertThat(condition(recovered, ConditionType.DEGRADED).lastTransitionTime()).isEqualTo(recoveredAt);
        assertThat(recovered.lastError()).isNull();
    }

    @Test
    void unfinishedPlanIsProgressingAndRecordsActionsDone() {
        DesiredFile v2 = desired(dir, "1.1.0");
        tracker.reconcileStarted(v2);
        assertThat(condition(tracker.snapshot(), ConditionType.PROGRESSING).reason()).isEqualTo("NewDesiredState");
        StartService start = new StartService("web", "c1", "stopped");
        tracker.reconcileFinished(v2, pending("1.1.0", "1.0.0", start), List.of(start), 100);

        ServerStatus s = tracker.snapshot();
        assertThat(s.ready()).isFalse();
        assertThat(condition(s, ConditionType.PROGRESSING)).satisfies(c -> {
            assertThat(c.status()).isEqualTo(ConditionStatus.TRUE);
            assertThat(c.reason()).isEqualTo("ActionsPending");
            assertThat(c.message()).contains("start web");
        });
        assertThat(s.history()).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(RunResult.CHANGED);
            assertThat(r.actions()).containsExactly("start web");
        });
    }

    @Test
    void anInvalidDesiredFileIsDegradedAndKeepsTheLastReconciledGeneration() {
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        tracker.desiredInvalid("abc123", "server.yaml:6:12: spec.version: 'x' is not a version");

        ServerStatus s = tracker.snapshot();
        assertThat(s.desiredGeneration()).isEqualTo("abc123");
        assertThat(s.observedGeneration()).isEqualTo(v1.generation());
        assertThat(s.lastError()).contains("is not a version");
        assertThat(condition(s, ConditionType.DEGRADED).reason()).isEqualTo("InvalidDesiredState");
        assertThat(s.ready()).as("the running server is untouched").isTrue();
        assertThat(s.history()).last().extracting(RunRecord::result).isEqualTo(RunResult.INVALID);
    }

    @Test
    void aRefusedCommitStaysDegradedWhileTheLastGoodOneReconcilesThenClears() {
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);

        tracker.sourceProblem("InvalidCommit", "feed", "commit abc (\"bad\") is not applied: spec.version: 'x' is not a version");
        tracker.sourceProblem("InvalidCommit", "feed", "commit abc (\"bad\") is not applied: spec.version: 'x' is not a version");
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);

        ServerStatus s = tracker.snapshot();
        assertThat(condition(s, ConditionType.DEGRADED).status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(condition(s, ConditionType.DEGRADED).reason()).isEqualTo("InvalidCommit");
        assertThat(condition(s, ConditionType.DEGRADED).message()).contains("commit abc");
        assertThat(s.lastError()).contains("commit abc");
        assertThat(s.ready()).isTrue(); // the last good commit serves
        assertThat(s.observedGeneration()).isEqualTo(v1.generation());
        assertThat(s.desiredGeneration()).isEqualTo("feed");
        assertThat(s.history()).extracting(RunRecord::result)
                .containsExactly(RunResult.CONVERGED, RunResult.INVALID, RunResult.CONVERGED); // reported once

        tracker.sourceProblem(null, null, null);
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        s = tracker.snapshot();
        assertThat(condition(s, ConditionType.DEGRADED).status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(s.lastError()).isNull();
        assertThat(s.desiredGeneration()).isEqualTo(v1.generation());
    }

    @Test
    void crashLoopDegradesAndIsNotReady() {
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        tracker.degraded("CrashLoop", "web died 5 times in 5m; restarting with backoff");
        ServerStatus s = tracker.snapshot();
        assertThat(s.ready()).isFalse();
        assertThat(condition(s, ConditionType.DEGRADED).reason()).isEqualTo("CrashLoop");
        assertThat(s.lastError()).contains("died 5 times");
    }

    @Test
    void suspendedReportsPendingChangesWithoutProgress() {
        tracker.suspended(v1, pending("1.0.0", "1.0.0", new StartService("web", "c1", "stopped")), 3);
        ServerStatus s = tracker.snapshot();
        assertThat(condition(s, ConditionType.PROGRESSING).reason()).isEqualTo("Suspended");
        assertThat(condition(s, ConditionType.READY).message()).contains("spec.suspend is true", "start web");
        assertThat(s.history()).last().extracting(RunRecord::result).isEqualTo(RunResult.SUSPENDED);
    }

    @Test
    void unexpectedExceptionsShowOnlyTheirType() {
        tracker.reconcileFailed(v1, new IllegalStateException("password=hunter2"), true, 1);
        ServerStatus s = tracker.snapshot();
        assertThat(s.lastError()).doesNotContain("hunter2").contains("IllegalStateException");
        assertThat(StatusJson.write(s)).doesNotContain("hunter2");
    }

    @Test
    void historyKeepsTheLastTenRuns() {
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofSeconds(1));
            tracker.reconcileStarted(v1);
            tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), i);
        }
        List<RunRecord> history = tracker.snapshot().history();
        assertThat(history).hasSize(StatusTracker.HISTORY_SIZE);
        assertThat(history).extracting(RunRecord::durationMillis).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
    }

    @Test
    void everyChangeIsWrittenAtomicallyAndReadsBack() throws Exception {
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        AppliedCommit commit = new AppliedCommit("0123abcd0123abcd0123abcd0123abcd0123abcd", T0, "pin 1.0.0", "main",
                "servers/spacetech.yaml");
        tracker.appliedCommit(commit);

        Path file = StatusFile.path(projectDir);
        assertThat(file).exists();
        // Only the status file is left in the folder: the temp file was renamed into place.
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        ServerStatus read = StatusFile.read(projectDir).orElseThrow();
        assertThat(read).isEqualTo(tracker.snapshot());
        assertThat(read.appliedCommit()).isEqualTo(commit);
        assertThat(Files.readString(file)).contains("\"type\" : \"Ready\"", "\"status\" : \"True\"",
                "\"lastTransitionTime\" : \"2024-05-01T10:00:00Z\"", "\"result\" : \"Converged\"");
    }

    @Test
    void anUnchangedStatusIsNotRewritten() {
        tracker.installedVersion(Version.parse("1.0.0"));
        Instant first = tracker.snapshot().updatedAt();
        clock.advance(Duration.ofMinutes(1));
        tracker.installedVersion(Version.parse("1.0.0"));
        assertThat(tracker.snapshot().updatedAt()).isEqualTo(first);
    }

    @Test
    void resumeContinuesFromTheStatusFile() {
        tracker.reconcileStarted(v1);
        tracker.reconcileFinished(v1, converged("1.0.0"), List.of(), 10);
        StatusTracker resumed = StatusTracker.resume("spacetech", projectDir, clock);
        assertThat(resumed.snapshot()).isEqualTo(tracker.snapshot());

        StatusTracker other = StatusTracker.resume("another", projectDir, clock);
        assertThat(other.snapshot().history()).isEmpty();
    }

    @Test
    void noStatusFileReadsAsEmpty() {
        assertThat(StatusFile.read(dir.resolve("nowhere"))).isEmpty();
    }

    private static Condition condition(ServerStatus s, ConditionType type) {
        return s.condition(type).orElseThrow();
    }
}
