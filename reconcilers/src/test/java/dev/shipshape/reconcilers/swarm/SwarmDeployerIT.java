package dev.shipshape.reconcilers.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;

import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.desired.SwarmSpec;
import dev.shipshape.model.swarm.SwarmDefinitions;
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
 * The swarm runtime's convergence on a real one-node swarm inside a network namespace (scripts/swarm-env.sh), with
 * the example's images: install from nothing, an upgrade that updates only what changed, the stateful service's
 * data across a restart, a never-healthy version rolled back by Swarm, a hand-removed and a hand-scaled service put
 * back, and a second pass that changes nothing. The tests build on each other, in order (one swarm for all).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmDeployerIT {
    static final String REGISTRY = "127.0.0.1:5000";
    static final List<String> IMAGES = List.of(
            REGISTRY + "/spacetech/db:1.0.0", REGISTRY + "/spacetech/api:1.0.0", REGISTRY + "/spacetech/api:1.1.0",
            REGISTRY + "/spacetech/api:1.2.0", REGISTRY + "/spacetech/web:1.0.0", REGISTRY + "/spacetech/web:1.1.0");
    static final String PROJECT = "spacetech";
    static final Duration HEALTH = Duration.ofSeconds(90);

    @RegisterExtension
    static final SwarmEnvironment SWARM = new SwarmEnvironment(1, IMAGES);

    static DockerClient docker;
    static DockerSwarmApi api;
    static SwarmDeployer deployer;

    @BeforeAll
    static void connect() {
        docker = DockerClients.forHost(SWARM.dockerHost(1));
        api = new DockerSwarmApi(docker, SWARM.dockerHost(1));
        deployer = new SwarmDeployer(api, Clock.systemUTC(), Duration.ofMillis(250));
    }

    /** The example's compose file (as release 1.x exports it) for the given tags. */
    static String compose(String db, String apiTag, String web, String dbNote) {
        return """
                services:
                  db:
                    image: "%1$s/spacetech/db:%2$s"
                    command: ["/bin/sh", "/app/run.sh"]
                    environment: {DB_PORT: "18403", DB_PASSWORD: "s3cret-pw", DB_NOTE: "%5$s"}
                    volumes: [db-data:/data]
                    healthcheck:
                      test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:18403/health"]
                      interval: 1s
                      timeout: 2s
                      retries: 3
                      start_period: 5s
                    network_mode: host
                  api:
                    image: "%1$s/spacetech/api:%3$s"
                    command: ["/bin/sh", "/app/run.sh"]
                    environment: {API_PORT: "18402", API_TOKEN: "0123456789abcdef", DB_PORT: "18403", SPACETECH_RELEASE: "%3$s"}
                    healthcheck:
                      test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:18402/health"]
                      interval: 1s
                      timeout: 2s
                      retries: 3
                      start_period: 5s
                    depends_on: {db: {condition: service_healthy}}
                    network_mode: host
                  web:
                    image: "%1$s/spacetech/web:%4$s"
                    command: ["/bin/sh", "/app/run.sh"]
                    environment: {WEB_PORT: "18401", API_PORT: "18402"}
                    volumes: [./web/index.html:/www/index.html:ro]
                    healthcheck:
                      test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:18401/index.html"]
                      interval: 1s
                      timeout: 2s
                      retries: 3
                      start_period: 5s
                    depends_on: {api: {condition: service_healthy}}
                    network_mode: host
                volumes:
                  db-data: {}
                """.formatted(REGISTRY, db, apiTag, web, dbNote);
    }

    static List<SwarmServiceDefinition> release(String db, String apiTag, String web, String index, String dbNote) {
        ComposeProject compose = new ComposeParser("compose.yaml", p -> Optional.of("")).parse(compose(db, apiTag, web, dbNote));
        Map<String, String> images = new LinkedHashMap<>();
        compose.services().forEach((name, s) -> images.put(name, api.resolveDigest(s.image())));
        List<String> nodes = api.nodes().stream().map(SwarmApi.SwarmNode::hostname).toList();
        return SwarmDefinitions.define(PROJECT, compose, images,
                p -> p.equals("web/index.html") ? Optional.of(index.getBytes(StandardCharsets.UTF_8)) : Optional.empty(),
                SwarmSpec.NONE, nodes);
    }

    static String get(int port, String path) throws Exception {
        SwarmEnvironment.Result r = SWARM.inNode(1, "busybox", "wget", "-q", "-O", "-", "http://127.0.0.1:" + port + path);
        assertThat(r.exit()).as("GET %s:%s -> %s", port, path, r.out()).isZero();
        return r.out();
    }

    static ObservedService service(String name) {
        return api.services(PROJECT).stream().filter(s -> s.name().equals(PROJECT + "_" + name)).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void aMissingImageIsReportedBeforeAnythingChanges() {
        assertThatThrownBy(() -> api.resolveDigest(REGISTRY + "/spacetech/api:9.9.9"))
                .isInstanceOf(ImageNotResolvableException.class)
                .hasMessageContaining("spacetech/api:9.9.9").hasMessageContaining("nothing was changed");
        assertThat(api.services(PROJECT)).isEmpty();
    }

    @Test
    @Order(2)
    void installsFromNothingAsStackServicesOnTheHostNetwork() throws Exception {
        List<SwarmServiceDefinition> v1 = release("1.0.0", "1.0.0", "1.0.0", "<h1>one</h1>", "a");
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.0.0", v1, HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(r.created()).containsExactly("db", "api", "web");
        assertThat(get(18401, "/index.html")).contains("<h1>one</h1>");
        assertThat(get(18401, "/image-version.txt")).contains("1.0.0");
        ObservedService db = service("db");
        assertThat(db.labels()).containsEntry("com.docker.stack.namespace", PROJECT).containsEntry("dev.shipshape.version", "1.0.0")
                .containsEntry("dev.shipshape.managed", "true").containsKey("dev.shipshape.config-hash");
        assertThat(db.image()).matches(REGISTRY + "/spacetech/db@sha256:[0-9a-f]{64}");
        assertThat(SWARM.docker(1, "network", "ls", "--format", "{{.Name}}").out().lines().sorted().toList())
                .containsExactly("host", "none");
        assertThat(SWARM.docker(1, "stack", "ps", PROJECT, "--format", "{{.Name}} {{.CurrentState}}").out())
                .contains("spacetech_db.1 Running", "spacetech_api.1 Running", "spacetech_web.1 Running");
    }

    @Test
    @Order(3)
    void anUpgradeUpdatesOnlyTheChangedServicesAndASecondPassChangesNothing() throws Exception {
        long dbIndex = service("db").versionIndex();
        String dbTask = api.tasks(service("db").id()).get(0).id();
        List<SwarmServiceDefinition> v2 = release("1.0.0", "1.1.0", "1.1.0", "<h1>two</h1>", "a");
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.1.0", v2, HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(r.updated()).containsExactly("api", "web");
        assertThat(r.unchanged()).containsExactly("db");
        assertThat(service("db").versionIndex()).isEqualTo(dbIndex);
        assertThat(service("db").labels()).containsEntry("dev.shipshape.version", "1.0.0");
        assertThat(api.tasks(service("db").id())).extracting(ObservedTask::id).containsExactly(dbTask);
        assertThat(service("web").labels()).containsEntry("dev.shipshape.version", "1.1.0");
        assertThat(get(18401, "/index.html")).contains("<h1>two</h1>");
        assertThat(get(18401, "/image-version.txt")).contains("1.1.0");
        // the old index.html's config went once unused
        assertThat(api.configs(PROJECT)).hasSize(1);

        SwarmDeployResult again = deployer.deploy(PROJECT, "1.1.0", release("1.0.0", "1.1.0", "1.1.0", "<h1>two</h1>", "a"), HEALTH);
        assertThat(again.changed()).isFalse();
        assertThat(again.unchanged()).containsExactly("db", "api", "web");
    }

    @Test
    @Order(4)
    void theStatefulServicesDataSurvivesItsReplacement() throws Exception {
        String created = get(18403, "/created");
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.1.0", release("1.0.0", "1.1.0", "1.1.0", "<h1>two</h1>", "b"), HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(r.updated()).containsExactly("db");
        assertThat(get(18403, "/created")).isEqualTo(created);
        assertThat(get(18403, "/boots").lines()).hasSize(2);
    }

    @Test
    @Order(5)
    void aNeverHealthyVersionIsRolledBackBySwarmAndReported() throws Exception {
        List<SwarmServiceDefinition> v3 = release("1.0.0", "1.2.0", "1.1.0", "<h1>two</h1>", "b");
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.2.0", v3, HEALTH);
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().service()).isEqualTo("api");
        assertThat(r.failure().rolledBackBySwarm()).isTrue();
        assertThat(r.failure().reason()).contains("Swarm rolled the service back");
        // Swarm put the previous spec back: a pass for the previous version finds everything as it wants
        SwarmDeployResult back = deployer.deploy(PROJECT, "1.1.0", release("1.0.0", "1.1.0", "1.1.0", "<h1>two</h1>", "b"), HEALTH);
        assertThat(back.failure()).isNull();
        assertThat(back.changed()).isFalse();
        assertThat(get(18402, "/status.json")).contains("\"version\": \"1.1.0\"");
    }

    @Test
    @Order(6)
    void aServiceRemovedOrScaledByHandIsPutBack() throws Exception {
        List<SwarmServiceDefinition> v2 = release("1.0.0", "1.1.0", "1.1.0", "<h1>two</h1>", "b");
        assertThat(SWARM.docker(1, "service", "rm", PROJECT + "_web").exit()).isZero();
        assertThat(SWARM.docker(1, "service", "scale", "--detach", PROJECT + "_api=0").exit()).isZero();
        assertThat(deployer.plan(PROJECT, v2).created()).containsExactly("web");
        assertThat(deployer.plan(PROJECT, v2).updated()).containsExactly("api");
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.1.0", v2, HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(r.created()).containsExactly("web");
        assertThat(r.updated()).containsExactly("api");
        assertThat(get(18401, "/image-version.txt")).contains("1.1.0");
        assertThat(deployer.plan(PROJECT, v2).changed()).isFalse();
    }

    @Test
    @Order(7)
    void whenALaterServiceFailsTheWholeServerGoesBackToThePreviousVersion() throws Exception {
        List<SwarmServiceDefinition> v2 = release("1.0.0", "1.1.0", "1.1.0", "<h1>two</h1>", "b");
        // "1.3.0": api changes (and is healthy), web never becomes healthy (its check asks a port nobody serves)
        String broken = compose("1.0.0", "1.1.0", "1.1.0", "b")
                .replace("SPACETECH_RELEASE: \"1.1.0\"", "SPACETECH_RELEASE: \"1.3.0\"")
                .replace("http://127.0.0.1:18401/index.html", "http://127.0.0.1:18499/index.html");
        ComposeProject compose = new ComposeParser("compose.yaml", p -> Optional.of("")).parse(broken);
        Map<String, String> images = new LinkedHashMap<>();
        compose.services().forEach((name, s) -> images.put(name, api.resolveDigest(s.image())));
        List<SwarmServiceDefinition> v3 = SwarmDefinitions.define(PROJECT, compose, images,
                p -> Optional.of("<h1>two</h1>".getBytes(StandardCharsets.UTF_8)), SwarmSpec.NONE, List.of(SWARM.hostname(1)));

        SwarmDeployResult r = deployer.deploy(PROJECT, "1.3.0", v3, HEALTH);
        assertThat(r.updated()).containsExactly("api", "web");
        assertThat(r.failure().service()).isEqualTo("web");
        assertThat(r.failure().rolledBackBySwarm()).isTrue();
        assertThat(service("api").labels()).containsEntry("dev.shipshape.version", "1.3.0");

        // the server-level rollback: the previous version's definitions, deployed as any version is
        SwarmDeployResult back = deployer.deploy(PROJECT, "1.1.0", v2, HEALTH);
        assertThat(back.failure()).isNull();
        assertThat(back.updated()).containsExactly("api");
        assertThat(service("api").labels()).containsEntry("dev.shipshape.version", "1.1.0");
        assertThat(get(18402, "/status.json")).contains("\"release\": \"1.1.0\"");
        assertThat(deployer.plan(PROJECT, v2).changed()).isFalse();
    }

    @Test
    @Order(8)
    void aFileHoldingASecretTravelsAsASwarmSecretRemovedOnceUnused() throws Exception {
        String secret = "tok-0123456789abcdef";
        ComposeProject compose = new ComposeParser("compose.yaml", p -> Optional.of("")).parse(compose("1.0.0", "1.1.0", "1.1.0", "b"));
        Map<String, String> images = new LinkedHashMap<>();
        compose.services().forEach((name, s) -> images.put(name, api.resolveDigest(s.image())));
        List<SwarmServiceDefinition> withSecret = SwarmDefinitions.define(PROJECT, compose, images,
                p -> Optional.of(("<h1>" + secret + "</h1>").getBytes(StandardCharsets.UTF_8)),
                c -> new String(c, StandardCharsets.UTF_8).contains(secret), SwarmSpec.NONE, List.of(SWARM.hostname(1)));
        SwarmDeployResult r = deployer.deploy(PROJECT, "1.1.0", withSecret, HEALTH);
        assertThat(r.failure()).isNull();
        assertThat(r.updated()).containsExactly("web");
        assertThat(get(18401, "/index.html")).contains(secret);
        String name = withSecret.get(2).configs().get(0).configName();
        assertThat(SWARM.docker(1, "secret", "ls", "--format", "{{.Name}}").out().lines().toList()).containsExactly(name);
        assertThat(SWARM.docker(1, "config", "ls", "--format", "{{.Name}}").out()).doesNotContain(name);

        SwarmDeployResult back = deployer.deploy(PROJECT, "1.1.0", release("1.0.0", "1.1.0", "1.1.0", "<h1>two</h1>", "b"), HEALTH);
        assertThat(back.failure()).isNull();
        assertThat(back.updated()).containsExactly("web");
        assertThat(SWARM.docker(1, "secret", "ls", "--format", "{{.Name}}").out().strip()).as("the unused secret removed").isEmpty();
        assertThat(get(18401, "/index.html")).contains("<h1>two</h1>");
    }
}
