package dev.shipshape.model.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.desired.RolloutStrategy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SwarmRolloutTest {
    @Test
    void theMonitorIsAPartOfTheHealthTimeoutBounded() {
        assertThat(SwarmRollout.of(Rollout.DEFAULTS).monitor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SwarmRollout.of(Duration.ofSeconds(48), RolloutStrategy.WINDOW).monitor()).isEqualTo(Duration.ofSeconds(2));
        assertThat(SwarmRollout.of(Duration.ofSeconds(3), RolloutStrategy.WINDOW).monitor()).isEqualTo(Duration.ofSeconds(1));
        assertThat(SwarmRollout.of(Duration.ofHours(1), RolloutStrategy.WINDOW).monitor()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theWindowStrategyUpdatesALayerAtOnceOneAtATimeDoesNot() {
        assertThat(SwarmRollout.of(Rollout.DEFAULTS).layered()).isTrue();
        assertThat(SwarmRollout.of(Duration.ofSeconds(60), RolloutStrategy.ONE_AT_A_TIME).layered()).isFalse();
        assertThat(SwarmRollout.of(Duration.ofSeconds(60), RolloutStrategy.ONE_AT_A_TIME).healthTimeout()).isEqualTo(Duration.ofSeconds(60));
    }
}
