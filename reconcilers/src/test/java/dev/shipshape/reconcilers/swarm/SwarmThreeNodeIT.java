package dev.shipshape.reconcilers.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.desired.SwarmSpec;
import dev.shipshape.model.swarm.SwarmDefinitions;
import dev.shipshape.model.swarm.SwarmRefusedException;
import dev.shipshape.model.swarm.SwarmServiceDefinition;
import dev.shipshape.reconcilers.docker.DockerClients;
import dev.shipshape.reconcilers.docker.DockerSwarmApi;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A swarm of three nodes, each in a network namespace of its own joined by veths inside a bridge namespace
 * (scripts/swarm-env.sh --nodes 3): a stateless service's replicas run one per node, a file carried as a Swarm
 * config changes on every node, the stateful service stays on the node it is pinned to, one without a placement is
 * refused before anything changes, and draining a node moves the stateless task elsewhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmThreeNodeIT {
    static final String REGISTRY = "127.0.0.1:5000";
    static final String PROJECT = "tri";
    static final Duration HEALTH = Duration.ofSeconds(90);

    @RegisterExtension
    static final SwarmEnvironment SWARM = new SwarmEnvironment(3,
            List.of(REGISTRY + "/spacetech/db:1.0.0", REGISTRY + "/spacetech/web:1.0.0"));

    static DockerSwarmApi api;
    static SwarmDeployer deployer;
    static List<String> nodes;

    @BeforeAll
    static void connect() {
        api = new DockerSwarmApi(DockerClients.forHost(SWARM.dockerHost(1)), SWARM.dockerHost(1));
        deployer = new SwarmDeployer(api, Clock.systemUTC(), Duration.ofMillis(250));
        nodes = api.nodes().stream().map(SwarmApi.SwarmNode::hostname).toList();
    }

    static final String COMPOSE = """
            services:
              db:
                image: "%1$s/spacetech/db:1.0.0"
                command: ["/bin/sh", "/app/run.sh"]
                environment: {DB_PORT: "18503", DB_PASSWORD: "pw-three", DB_NOTE: "%2$s"}
                volumes: [db-data:/data]
                healthcheck:
                  test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:18503/health"]
                  interval: 1s
                  retries: 3
                  start_period: 5s
                network_mode: host
              front:
                image: "%1$s/spacetech/web:1.0.0"
                command: ["/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:18501", "-h", "/www"]
                volumes: [./front/index.html:/www/index.html:ro]
                healthcheck:
                  test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:18501/index.html"]
                  interval: 1s
                  retries: 3
                  start_period: 5s
                network_mode: host
            volumes:
              db-data: {}
            """;

    static List<SwarmServiceDefinition> release(String index, String dbNote, SwarmSpec spec) {
        ComposeProject compose = new ComposeParser("compose.yaml", p -> Optional.of("")).parse(COMPOSE.formatted(REGISTRY, dbNote));
        Map<String, String> images = new LinkedHashMap<>();
        compose.services().forEach((name, s) -> images.put(name, api.resolveDigest(s.image())));
        return SwarmDefinitions.define(PROJECT, compose, images,
                p -> p.equals("front/index.html") ? Optional.of(index.getBytes(StandardCharsets.UTF_8)) : Optional.empty(), spec, nodes);
    }

    static SwarmSpec spec(int frontReplicas) {
        return new SwarmSpec(Map.of("front", frontReplicas), Map.of("db", SWARM.hostname(2)));
    }

    static String id(String service) {
        return api.services(PROJECT).stream().filter(s -> s.name().equals(PROJECT + "_" + service)).findFirst().orElseThrow().id();
    }

    static List<String> runningNodes(String service) {
        return api.tasks(id(service)).stream().filter(ObservedTask::running).map(ObservedTask::node).sorted().toList();
    }

    static String get(int node, int port, String path) throws Exception {
        SwarmEnvironment.Result r = SWARM.inNode(node, "busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:" + port + path);
        assertThat(r.exit()).as("node %s GET %s:%s -> %s", node, port, path, r.out()).isZero();
        return r.out();
    }

    @Test
    @Order(1)
    void aStatefulServiceWithoutPlacementIsRefusedBeforeAnythingChanges() {
        assertThat(nodes).containsExactly(SWARM.hostname(1), SWARM.hostname(2), SWARM.hostname(3));
        assertThatThrownBy(() -> release("x", "a", new SwarmSpec(Map.of(), Map.of())))
                .isInstanceOf(SwarmRefusedException.class)
                .hasMessageContaining("spec.swarm.placement.db");
        assertThat(api.services(PROJECT)).isEmpty();
    }

    @Test
    @Order(2)
    void threeReplicasRunOnePerNodeAndTheStatefulServiceOnItsNode() throws Exception {
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.0.0", release("<p>one</p>", "a", spec(3)), HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(runningNodes("front")).containsExactly(SWARM.hostname(1), SWARM.hostname(2), SWARM.hostname(3));
        assertThat(runningNodes("db")).containsExactly(SWARM.hostname(2));
        for (int n = 1; n <= 3; n++) {
            assertThat(get(n, 18501, "/index.html")).isEqualTo("<p>one</p>");
        }
        assertThat(get(2, 18503, "/boots").lines()).hasSize(1);
    }

    @Test
    @Order(3)
    void aChangedConfigFileChangesOnEveryNodeAndTheStatefulServiceStaysOnItsNode() throws Exception {
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.1.0", release("<p>two</p>", "b", spec(3)), HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(r.updated()).containsExactly("db", "front");
        for (int n = 1; n <= 3; n++) {
            assertThat(get(n, 18501, "/index.html")).isEqualTo("<p>two</p>");
        }
        assertThat(runningNodes("db")).containsExactly(SWARM.hostname(2));
        // the same volume on node 2: the db started twice on its data
        assertThat(get(2, 18503, "/boots").lines()).hasSize(2);
    }

    @Test
    @Order(4)
    void drainingANodeMovesTheStatelessTask() throws Exception {
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.1.0", release("<p>two</p>", "b", spec(2)), HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(runningNodes("front")).hasSize(2);
        String drained = runningNodes("front").contains(SWARM.hostname(3)) ? SWARM.hostname(3) : SWARM.hostname(1);
        assertThat(SWARM.docker(1, "node", "update", "--availability", "drain", drained).exit()).isZero();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> running = runningNodes("front");
            assertThat(running).hasSize(2).doesNotContain(drained);
        });
        assertThat(api.nodes()).filteredOn(n -> n.hostname().equals(drained)).extracting(SwarmApi.SwarmNode::availability)
                .containsExactly("drain");
        assertThat(deployer.plan(PROJECT, release("<p>two</p>", "b", spec(2))).changed()).isFalse();
    }

    @Test
    @Order(5)
    void aTaskNoNodeCanTakeIsReportedWithTheSchedulersReason() {
        // one node drained, at most one task per node: the third task of front finds no node
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.1.0", release("<p>two</p>", "b", spec(3)), Duration.ofSeconds(15));
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().service()).isEqualTo("front");
        assertThat(r.failure().reason()).contains("not running and healthy within 15s").contains("task on no node pending")
                .contains("no suitable node");
        assertThat(api.tasks(id("front"))).filteredOn(t -> "pending".equals(t.state()))
                .allSatisfy(t -> assertThat(t.error()).contains("no suitable node"));
    }
}
