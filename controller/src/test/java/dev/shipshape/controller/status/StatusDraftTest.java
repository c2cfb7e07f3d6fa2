package dev.shipshape.controller.status;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatusDraftTest {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void aFreshStatusIsNotReconciled() {
        ServerStatus s = StatusDraft.initial("spacetech", T0);
        assertThat(s.project()).isEqualTo("spacetech");
        assertThat(s.conditions()).extracting(Condition::type)
                .containsExactly(ConditionType.READY, ConditionType.PROGRESSING, ConditionType.DEGRADED);
        assertThat(s.conditions()).extracting(Condition::reason).containsOnly("NotReconciled");
        assertThat(s.history()).isEmpty();
        assertThat(s.updatedAt()).isEqualTo(T0);
    }

    @Test
    void anUnchangedDraftBuildsTheSameStatus() {
        ServerStatus s = StatusDraft.initial("spacetech", T0);
        assertThat(new StatusDraft(s).build(T0)).isEqualTo(s);
    }

    @Test
    void aConditionMovesItsTransitionTimeOnlyWhenItsStatusFlips() {
        StatusDraft d = new StatusDraft(StatusDraft.initial("spacetech", T0));
        Instant t1 = T0.plusSeconds(1);
        d.set(ConditionType.READY, ConditionStatus.FALSE, "Other", "still not ready", t1);
        assertThat(d.conditions.get(ConditionType.READY).lastTransitionTime()).isEqualTo(T0);
        d.set(ConditionType.READY, ConditionStatus.TRUE, "Converged", "ready", t1);
        assertThat(d.conditions.get(ConditionType.READY).lastTransitionTime()).isEqualTo(t1);
    }

    @Test
    void theHistoryKeepsTheLastRuns() {
        StatusDraft d = new StatusDraft(StatusDraft.initial("spacetech", T0));
        for (int i = 0; i < StatusTracker.HISTORY_SIZE + 3; i++) {
            d.record(new RunRecord(T0.plusSeconds(i), i, RunResult.CONVERGED, java.util.List.of(), null));
        }
        assertThat(d.history).hasSize(StatusTracker.HISTORY_SIZE);
        assertThat(d.history.get(0).durationMillis()).isEqualTo(3);
    }
}
