package dev.shipshape.controller.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.google.inject.Injector;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.ConditionStatus;
import dev.shipshape.controller.status.ConditionType;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.reconcilers.runtime.Labels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code shipshape run} against the real engine: drift of every kind is healed, an edit of the
 * desired file upgrades, an invalid edit changes nothing, the endpoints tell the truth, a second
 * controller is refused. (A service that keeps dying: {@link CrashLoopIT}.)
 *
 * <p>The tests share one controller and do not depend on each other's order: each starts once the
 * server is Ready, heals whatever version it serves, and only the upgrade test changes the version.
 */
class ControllerIT {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerIT.class);
    /** Drift to healthy again: one event, one observation, one container start and its first health check. */
    private static final Duration HEAL_BOUND = Duration.ofSeconds(15);

    @RegisterExtension
    static final RunningController running = RunningController.builder().resilience(CrashLoopIT.resilience()).build();

    final TestProject project = running.project();
    final Injector injector = running.injector();
    final Controller controller = running.controller();

    /** Every test starts from a server that serves and is Ready, whatever ran before it. */
    @BeforeEach
    void converged() {
        await("Ready before the test").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/readyz").statusCode() == 200);
    }

    /** The version the server runs now: 1.0.0, or 1.1.0 once the upgrade test has run. */
    private String served() {
        return controller.status().snapshot().currentVersion().toString();
    }

    @Test
    void aKilledContainerComesBack() {
        Instant drift = Instant.now();
        project.docker.killContainerCmd(project.containerIds().get("web")).exec();
        awaitServing(project.webPort, "/index.html", served(), drift, "killed web");
    }

    @Test
    void aStoppedContainerIsStarted() {
        Instant drift = Instant.now();
        project.docker.stopContainerCmd(project.containerIds().get("api")).withTimeout(2).exec();
        awaitServing(project.apiPort, "/status.json", served(), drift, "stopped api");
    }

    @Test
    void aRemovedContainerIsRecreatedWithItsDataKept() throws Exception {
        String db = project.containerIds().get("db");
        exec(db, "echo kept-" + project.name + " > /data/www/kept.txt");
        Instant drift = Instant.now();
        project.docker.removeContainerCmd(db).withForce(true).exec();
        awaitServing(project.dbPort, "/kept.txt", "kept-" + project.name, drift, "removed db");
        assertThat(project.containerIds().get("db")).isNotEqualTo(db);
    }

    @Test
    void aContainerRecreatedByHandWithAnotherImageIsReplaced() {
        String serves = served();
        String another = serves.equals("1.0.0") ? "1.1.0" : "1.0.0";
        String web = project.containerIds().get("web");
        Map<String, String> labels = new HashMap<>(project.docker.inspectContainerCmd(web).exec().getConfig().getLabels());
        project.docker.removeContainerCmd(web).withForce(true).exec();
        Instant drift = Instant.now();
        String handMade = project.docker.createContainerCmd(TestEnvironment.registry() + "/spacetech/web:" + another)
                .withName(project.name + "-web-1").withLabels(labels)
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host")).exec().getId();
        awaitServing(project.webPort, "/index.html", serves, drift, "web recreated by hand with another image");
        // the replacement serves under a temporary name first and takes the service's name once healthy
        await().atMost(HEAL_BOUND).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(project.containerIds().get("web")).isNotNull().isNotEqualTo(handMade));
    }

    @Test
    void aContainerRecreatedByHandWithAnotherEnvironmentIsReplaced() {
        String api = project.containerIds().get("api");
        var config = project.docker.inspectContainerCmd(api).exec().getConfig();
        Map<String, String> labels = new HashMap<>(config.getLabels());
        labels.remove(Labels.CONFIG_HASH);
        labels.remove(Labels.MANAGED);
        List<String> env = new java.util.ArrayList<>(List.of(config.getEnv()));
        env.add("HAND_MADE=yes");
        project.docker.removeContainerCmd(api).withForce(true).exec();
        Instant drift = Instant.now();
        String handMade = project.docker.createContainerCmd(config.getImage()).withName(project.name + "-api-1")
                .withLabels(labels).withEnv(env).withCmd(config.getCmd())
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host")).exec().getId();
        project.docker.startContainerCmd(handMade).exec();
        await().atMost(HEAL_BOUND).pollInterval(Duration.ofMillis(100))
                .until(() -> !handMade.equals(project.containerIds().get("api")));
        awaitServing(project.apiPort, "/status.json", served(), drift, "api recreated by hand with another environment");
        assertThat(List.of(project.docker.inspectContainerCmd(project.containerIds().get("api")).exec().getConfig().getEnv()))
                .doesNotContain("HAND_MADE=yes");
    }

    @Test
    void aSecondControllerOnTheSameProjectRefusesToStart() throws Exception {
        Controller second = injector.getInstance(Controller.class);
        assertThatThrownBy(() -> second.start(new Controller.Settings(project.desiredFile, "127.0.0.1", 0,
                        Duration.ofSeconds(5), Duration.ofSeconds(5)),
                DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile))))
                .isInstanceOf(ShipshapeException.class).hasMessageContaining("another shipshape");
        assertThat(project.shipshape("apply").err()).contains("another shipshape");
    }

    @Test
    void editingTheVersionInTheFileUpgrades() {
        assertThat(served()).as("the fixture installs 1.0.0; only this test upgrades").isEqualTo("1.0.0");
        Map<String, String> before = project.containerIds();
        project.writeDesired("1.1.0");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
            assertThat(controller.status().snapshot().currentVersion()).hasToString("1.1.0");
            assertThat(get("/readyz").statusCode()).isEqualTo(200);
        });
        assertThat(project.containerIds().get("db")).isEqualTo(before.get("db"));
    }

    @Test
    void anInvalidEditLeavesTheServerRunningAndSaysWhyInStatus() throws Exception {
        Map<String, String> before = project.containerIds();
        String serves = served();
        String good = Files.readString(project.desiredFile);
        assertThat(good).contains("  version: " + serves + "\n");
        TestProject.write(project.desiredFile, good.replace("  version: " + serves + "\n", "  version: [1.2.0]\n"));
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Condition degraded = controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow();
                assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
                assertThat(degraded.reason()).isEqualTo("InvalidDesiredState");
                assertThat(degraded.message()).contains("spec.version");
            });
            assertThat(get("/status").body()).contains("InvalidDesiredState");
            assertThat(project.containerIds()).isEqualTo(before);
            assertThat(project.get(project.webPort, "/index.html")).contains(serves);
        } finally {
            TestProject.write(project.desiredFile, good);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(controller.status().snapshot()
                .condition(ConditionType.DEGRADED).orElseThrow().status()).isEqualTo(ConditionStatus.FALSE));
    }

    @Test
    void metricsParseAsPrometheusTextAndCountersMove() throws Exception {
        double before = counter(get("/metrics").body(), "shipshape_reconciliations_total");
        Instant drift = Instant.now();
        project.docker.stopContainerCmd(project.containerIds().get("web")).withTimeout(2).exec();
        awaitServing(project.webPort, "/index.html", served(), drift, "stopped web");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        for (String line : metrics.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? ([0-9eE+.-]+|NaN|\\+Inf|-Inf)");
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(counter(get("/metrics").body(), "shipshape_reconciliations_total")).isGreaterThan(before));
        // the start counts once it is done, after web's health check passes (serving comes first); the
        // earlier heals' starts may not count: each was cut short by the next test's drift (ControlLoop.serviceEnded)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get("/metrics").body())
                .contains("shipshape_actions_total{kind=\"start\",result=\"success\"}"));
        assertThat(metrics.body()).contains("resilience4j_circuitbreaker_state").contains("jvm_memory_used_bytes");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    // ---------- helpers ----------

    private void awaitServing(int port, String path, String expected, Instant drift, String what) {
        await().atMost(HEAL_BOUND).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(project.get(port, path)).contains(expected));
        Duration took = Duration.between(drift, Instant.now());
        LOG.info("healed {} in {} ms (bound {} s)", what, took.toMillis(), HEAL_BOUND.toSeconds());
        System.out.printf("heal latency: %s -> serving again in %d ms%n", what, took.toMillis());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return running.get(path);
    }

    private static double counter(String metrics, String name) {
        return RunningController.sum(metrics, name);
    }

    private void exec(String containerId, String script) throws InterruptedException {
        String exec = project.docker.execCreateCmd(containerId).withCmd("/bin/sh", "-c", script).exec().getId();
        project.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
    }
}
