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

/** The Engine API service spec DockerSwarmApi writes (its update and rollback settings come from spec.rollout), and how it reads a service stack deploy made. */
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

    /** A service as docker stack deploy makes it from the export in the hostnet form (trimmed from a real one). */
    static final String STACK_MADE = """
            {"ID": "s1", "Version": {"Index": 12}, "Spec": {"Name": "p_web",
              "Labels": {"com.docker.stack.image": "r/web:1", "com.docker.stack.namespace": "p"},
              "TaskTemplate": {"ContainerSpec": {"Image": "r/web:1@sha256:aa", "Args": ["run"], "Env": ["PORT=80"],
                  "Mounts": [{"Type": "bind", "Source": "/srv/p/export/web/index.html", "Target": "/www/index.html", "ReadOnly": true},
                             {"Type": "volume", "Source": "p_data", "Target": "/data",
                              "VolumeOptions": {"Labels": {"com.docker.stack.namespace": "p"}}}],
                  "Configs": [{"File": {"Name": "/etc/app.yaml", "UID": "0", "GID": "0", "Mode": 292}, "ConfigID": "c1", "ConfigName": "p_app"}],
                  "Secrets": [{"File": {"Name": "/run/secrets/token"}, "SecretID": "x1", "SecretName": "p_token"}]},
                "Placement": {"Platforms": [{"Architecture": "amd64", "OS": "linux"}]},
                "Networks": [{"Target": "ve5l61hzifcx82x4fmmhy90sj"}]},
              "Mode": {"Replicated": {"Replicas": 1}}}}
            """;

    @Test
    void aStackMadeServiceIsReadWithItsNetworksByNameItsBindsContentAndItsConfigsData() throws Exception {
        JsonNode json = EngineApi.JSON.readTree(STACK_MADE);
        dev.shipshape.reconcilers.swarm.StackService s = DockerSwarmApi.stackService(json,
                id -> id.equals("ve5l61hzifcx82x4fmmhy90sj") ? "host" : id, id -> id.equals("c1") ? "a: 1".getBytes() : null,
                path -> path.equals("/srv/p/export/web/index.html") ? "<p>hi</p>".getBytes() : null);
        assertThat(s.networks()).containsExactly("host");
        assertThat(s.entrypoint()).isEmpty();
        assertThat(s.constraints()).isEmpty();
        assertThat(s.mounts()).hasSize(2);
        assertThat(s.mounts().get(0).type()).isEqualTo("bind");
        assertThat(s.mounts().get(0).readOnly()).isTrue();
        assertThat(new String(s.mounts().get(0).content())).isEqualTo("<p>hi</p>");
        assertThat(s.mounts().get(1).source()).isEqualTo("p_data");
        assertThat(s.mounts().get(1).content()).isNull();
        assertThat(s.files()).hasSize(2);
        assertThat(s.files().get(0).target()).isEqualTo("/etc/app.yaml");
        assertThat(new String(s.files().get(0).content())).isEqualTo("a: 1");
        assertThat(s.files().get(1).secret()).isTrue();
        assertThat(s.files().get(1).content()).isNull();
    }
}
