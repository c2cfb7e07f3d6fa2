package dev.shipshape.controller.it;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.controller.resilience.ResilienceSettings;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.controller.source.git.GitSettings;
import dev.shipshape.controller.source.git.GitSource;
import dev.shipshape.controller.source.git.GitTestRepo;
import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.ConditionStatus;
import dev.shipshape.controller.status.ConditionType;
import dev.shipshape.controller.status.ServerStatus;
import dev.shipshape.controller.status.StatusFile;
import dev.shipshape.controller.status.StatusJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code shipshape run --git}: the controller follows a branch of a real Git repository (file://).
 * A commit upgrades, an invalid commit changes nothing and is named in status, an uncommitted edit
 * is ignored, and a commit that allows the downgrade rolls back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitFollowIT {
    private static final String PATH = "servers/spacetech.yaml";
    private static final Duration ROLLOUT = Duration.ofSeconds(120);

    TestProject project;
    GitTestRepo origin;
    Controller controller;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        project = TestProject.withExampleReleases(tmp.resolve("base"));
        origin = GitTestRepo.init(tmp.resolve("origin"));
        String first = commit("1.0.0", "", "pin 1.0.0");

        Injector injector = Guice.createInjector(Modules.override(dev.shipshape.controller.wiring.Modules.controller())
                .with(b -> b.bind(ResilienceSettings.class).toInstance(ResilienceSettings.forTests())));
        GitSettings settings = new GitSettings(origin.url(), "main", PATH, project.dir, null, Duration.ofMillis(500), null);
        GitSource source = GitSource.open(settings, injector.getInstance(GitMetrics.class));
        source.fetch();
        DesiredRead read = source.read();
        assertThat(read.commit().id()).isEqualTo(first);
        controller = injector.getInstance(Controller.class);
        controller.start(new Controller.Settings(null, "127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(20), true),
                source, read.desired());
        await().atMost(ROLLOUT).until(() -> get("/readyz").statusCode() == 200);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(status().appliedCommit().id()).isEqualTo(first);
        // The project's data is under the base folder, not inside the clone.
        assertThat(StatusFile.path(project.projectDir())).exists();
    }

    @AfterAll
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (origin != null) {
            origin.close();
        }
        if (project != null) {
            project.close();
        }
    }

    /** The desired file as TestProject writes it (ports, release server), committed to the repository. */
    private String commit(String version, String rollout, String message) throws Exception {
        project.writeDesired(version, "", rollout, "");
        String text = Files.readString(project.desiredFile);
        Files.delete(project.desiredFile); // only the repository holds the desired state
        return origin.commit(PATH, text, message);
    }

    @Test
    @Order(1)
    void aCommittedVersionIsRolledOut() throws Exception {
        String upgrade = commit("1.1.0", "", "upgrade to 1.1.0");
        await().atMost(ROLLOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
            ServerStatus s = status();
            assertThat(s.appliedCommit().id()).isEqualTo(upgrade);
            assertThat(s.ready()).isTrue();
        });
        ServerStatus s = status();
        assertThat(s.appliedCommit().subject()).isEqualTo("upgrade to 1.1.0");
        assertThat(s.appliedCommit().branch()).isEqualTo("main");
        assertThat(StatusFile.read(project.projectDir()).orElseThrow().appliedCommit().id()).isEqualTo(upgrade);
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("shipshape_git_commit_info{branch=\"main\",commit=\"" + upgrade + "\"} 1");
        assertThat(metrics).contains("shipshape_git_fetch_total{result=\"success\"}");
    }

    @Test
    @Order(2)
    void anInvalidCommitChangesNothingAndIsNamedInStatus() throws Exception {
        Map<String, String> before = project.containerIds();
        String applied = status().appliedCommit().id();
        project.writeDesired("one.one", "", "", "");
        String text = Files.readString(project.desiredFile);
        Files.delete(project.desiredFile);
        String bad = origin.commit(PATH, text, "a typo");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Condition degraded = status().condition(ConditionType.DEGRADED).orElseThrow();
            assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
            assertThat(degraded.reason()).isEqualTo("InvalidCommit");
            assertThat(degraded.message()).contains(bad.substring(0, 12), PATH, "spec.version");
        });
        assertThat(status().lastError()).contains(bad.substring(0, 12));
        // The last good commit keeps being reconciled: a few resyncs later nothing has moved.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                before.equals(project.containerIds()) && String.valueOf(project.get(project.webPort, "/index.html")).contains("1.1.0"));
        assertThat(status().appliedCommit().id()).isEqualTo(applied);
        assertThat(status().ready()).isTrue();
    }

    @Test
    @Order(3)
    void uncommittedEditsOfTheRepositoryAreIgnored() throws Exception {
        Map<String, String> before = project.containerIds();
        project.writeDesired("1.0.0", "", "    allowDowngrade: true\n", "");
        origin.write(PATH, Files.readString(project.desiredFile));
        Files.delete(project.desiredFile);
        double fetches = fetches();
        assertThat(post("/trigger").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> fetches() >= fetches + 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                before.equals(project.containerIds()) && String.valueOf(project.get(project.webPort, "/index.html")).contains("1.1.0"));
    }

    @Test
    @Order(4)
    void aRevertCommitThatAllowsTheDowngradeRollsBack() throws Exception {
        String revert = commit("1.0.0", "    allowDowngrade: true\n", "back to 1.0.0");
        await().atMost(ROLLOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
            ServerStatus s = status();
            assertThat(s.appliedCommit().id()).isEqualTo(revert);
            assertThat(s.ready()).isTrue();
            assertThat(s.condition(ConditionType.DEGRADED).orElseThrow().status()).isEqualTo(ConditionStatus.FALSE);
        });
        assertThat(status().currentVersion().toString()).isEqualTo("1.0.0");
    }

    private ServerStatus status() throws Exception {
        return StatusJson.read(get("/status").body());
    }

    private double fetches() throws Exception {
        double sum = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith("shipshape_git_fetch_total{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.port() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
