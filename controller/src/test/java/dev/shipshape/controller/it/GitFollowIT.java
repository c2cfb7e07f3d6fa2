package dev.shipshape.controller.it;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code shipshape run --git}: the controller follows a branch of a real Git repository (file://).
 * A commit upgrades, an invalid commit changes nothing and is named in status, an uncommitted edit
 * is ignored, and a commit that allows the downgrade rolls back.
 *
 * <p>The tests are the history of one branch and run in order: each commit is made on top of the
 * ones before, and what a test expects served (1.1.0, then back to 1.0.0) is what those commits
 * rolled out. A fresh repository and controller per test would repeat the first rollout each time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitFollowIT {
    private static final String PATH = "servers/spacetech.yaml";
    private static final Duration ROLLOUT = Duration.ofSeconds(120);

    static GitTestRepo origin;
    static String first;

    @RegisterExtension
    static final RunningController running = RunningController.builder()
            .project(f -> TestProject.withExampleReleases(f.tmp().resolve("base")))
            .desired(null) // only the repository holds the desired state
            .resilience(ResilienceSettings.forTests())
            .beforeStart(f -> {
                origin = f.closeAfterProject(GitTestRepo.init(f.tmp().resolve("origin")));
                first = commit(f.project(), "1.0.0", "", "pin 1.0.0");
            })
            .start((controller, f) -> {
                GitSettings settings = new GitSettings(origin.url(), "main", PATH, f.project().dir, null,
                        Duration.ofMillis(500), null);
                GitSource source = GitSource.open(settings, f.injector().getInstance(GitMetrics.class));
                source.fetch();
                DesiredRead read = source.read();
                assertThat(read.commit().id()).isEqualTo(first);
                controller.start(new Controller.Settings(null, "127.0.0.1", 0, Duration.ofSeconds(5),
                        Duration.ofSeconds(20), true), source, read.desired());
            })
            .readyWithin(ROLLOUT)
            .build();

    final TestProject project = running.project();

    @BeforeAll
    static void installedFromTheFirstCommit() throws Exception {
        TestProject project = running.project();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(status().appliedCommit().id()).isEqualTo(first);
        // The project's data is under the base folder, not inside the clone.
        assertThat(StatusFile.path(project.projectDir())).exists();
    }

    /** The desired file as TestProject writes it (ports, release server), committed to the repository. */
    private String commit(String version, String rollout, String message) throws Exception {
        return commit(project, version, rollout, message);
    }

    private static String commit(TestProject project, String version, String rollout, String message) throws Exception {
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
        running.awaitPasses(2, Duration.ofSeconds(30));
        assertThat(project.containerIds()).isEqualTo(before);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
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
        // the fetches saw the edit (or not); the passes after them left everything as it is
        running.awaitPasses(2, Duration.ofSeconds(30));
        assertThat(project.containerIds()).isEqualTo(before);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
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

    private static ServerStatus status() throws Exception {
        return StatusJson.read(get("/status").body());
    }

    private static double fetches() throws Exception {
        return running.metric("shipshape_git_fetch_total");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return running.get(path);
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return running.post(path);
    }
}
