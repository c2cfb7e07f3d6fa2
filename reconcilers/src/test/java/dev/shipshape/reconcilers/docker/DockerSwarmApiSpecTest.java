package dev.shipshape.reconcilers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.swarm.SwarmRollout;
import dev.shipshape.model.swarm.SwarmServiceDefinition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The Engine API service spec DockerSwarmApi writes: its update and rollback settings come from spec.rollout. */
class DockerSwarmApiSpecTest {
    @Test
    void theUpdateConfigIsStopFirstRollbackWithTheMonitorOfTheRollout() {
        SwarmServiceDefinition def = new SwarmServiceDefinition("p", "api", "r/api@sha256:00", null, null, Map.of(), null, List.of(),
                List.of(), null, null, null, 2, List.of(), Map.of(), List.of());
        JsonNode spec = DockerSwarmApi.spec(def, Map.of(), Map.of(), SwarmRollout.of(Duration.ofSeconds(48), RolloutStrategy.WINDOW));
        JsonNode update = spec.path("UpdateConfig");
        assertThat(update.path("Order").asText()).isEqualTo("stop-first");
        assertThat(update.path("FailureAction").asText()).isEqualTo("rollback");
        assertThat(update.path("Parallelism").asInt()).isEqualTo(1);
        assertThat(update.path("Monitor").asLong()).isEqualTo(Duration.ofSeconds(2).toNanos());
        JsonNode rollback = spec.path("RollbackConfig");
        assertThat(rollback.path("Order").asText()).isEqualTo("stop-first");
        assertThat(rollback.path("Monitor").asLong()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(spec.path("TaskTemplate").path("Placement").path("MaxReplicas").asInt()).isEqualTo(1);
    }
}
