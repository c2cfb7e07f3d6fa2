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

    @Test
    void aJobIsAReplicatedJobOfOneTaskWithoutRestartOrHealthCheckWhereItsServiceRuns() {
        SwarmServiceDefinition db = new SwarmServiceDefinition("p", "db", "r/db@sha256:00", null, List.of("serve"), Map.of("A", "1"),
                null, List.of(new SwarmServiceDefinition.Volume("data", "/data", false)), List.of(), null, null, null, 1,
                List.of("node.hostname==node-2"), Map.of(), List.of());
        JsonNode spec = DockerSwarmApi.jobSpec("p_job-migrate", db, List.of("migrate"), Map.of("dev.shipshape.job", "migrate"), Map.of());
        assertThat(spec.path("Name").asText()).isEqualTo("p_job-migrate");
        assertThat(spec.path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt()).isEqualTo(1);
        assertThat(spec.path("Mode").has("Replicated")).isFalse();
        assertThat(spec.has("UpdateConfig")).isFalse();
        JsonNode task = spec.path("TaskTemplate");
        assertThat(task.path("RestartPolicy").path("Condition").asText()).isEqualTo("none");
        assertThat(task.path("Placement").path("Constraints").get(0).asText()).isEqualTo("node.hostname==node-2");
        assertThat(task.path("ContainerSpec").path("Args").get(0).asText()).isEqualTo("migrate");
        assertThat(task.path("ContainerSpec").path("Healthcheck").path("Test").get(0).asText()).isEqualTo("NONE");
        assertThat(task.path("ContainerSpec").path("Mounts").get(0).path("Source").asText()).isEqualTo("p_data");
        assertThat(task.path("ContainerSpec").path("Env").get(0).asText()).isEqualTo("A=1");
    }

    @Test
    void aFileHoldingASecretIsMountedAsASwarmSecretAndAPlainOneAsAConfig() {
        SwarmServiceDefinition web = new SwarmServiceDefinition("p", "web", "r/web@sha256:00", null, null, Map.of(), null, List.of(),
                List.of(new SwarmServiceDefinition.CarriedFile("./a", "/etc/a", "p_web_a-111", "YQ==", false),
                        new SwarmServiceDefinition.CarriedFile("./s", "/etc/s", "p_web_s-222", "cw==", true)),
                null, null, null, 1, List.of(), Map.of(), List.of());
        JsonNode cs = DockerSwarmApi.spec(web, Map.of(), Map.of("p_web_a-111", "cfg1", "p_web_s-222", "sec1"), SwarmRollout.of(
                Duration.ofSeconds(120), RolloutStrategy.WINDOW)).path("TaskTemplate").path("ContainerSpec");
        assertThat(cs.path("Configs")).hasSize(1);
        assertThat(cs.path("Configs").get(0).path("ConfigID").asText()).isEqualTo("cfg1");
        assertThat(cs.path("Secrets")).hasSize(1);
        assertThat(cs.path("Secrets").get(0).path("SecretID").asText()).isEqualTo("sec1");
        assertThat(cs.path("Secrets").get(0).path("SecretName").asText()).isEqualTo("p_web_s-222");
        assertThat(cs.path("Secrets").get(0).path("File").path("Name").asText()).isEqualTo("/etc/s");
    }
}
