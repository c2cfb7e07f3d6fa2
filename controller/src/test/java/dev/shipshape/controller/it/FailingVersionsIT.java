package dev.shipshape.controller.it;

import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.ConditionStatus;
import dev.shipshape.controller.status.ConditionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * New versions that fail, under {@code shipshape run} against the real engine: one whose api exits
 * right after it starts (a crash loop: 1.4.0, built by this test from 1.1.0 with a command that exits
 * 3), and one whose migration job fails (1.3.0 with {@code migrate.fail}). Each is rolled back to
 * 1.1.0, status is Degraded with reason RollbackAfterFailedUpgrade and a message naming the service
 * or job, the data written before is there, no container is left behind, and the controller does not
 * try again in a hot loop: the failed actions counted by /metrics and the containers stay the same over
 * several resync periods. (1.2.0's api that never becomes healthy: SafeRolloutIT.)
 *
 * <p>The tests share one controller and run in any order: each starts from 1.1.0 served (installed,
 * or rolled back to), and the test of the way back makes its own failed upgrade first.
 */
class FailingVersionsIT {
    private static final String CRASHING = "1.4.0";
    private static final Duration RESYNC = Duration.ofSeconds(2);
    /** Several resyncs and requeues: a hot loop would show in the counters. */
    private static final int QUIET_PASSES = 4;
    private static final String ROLLOUT = "    healthTimeout: 20s\n";

    @RegisterExtension
    static final RunningController running = RunningController.builder()
            .desired("1.1.0")
            .beforeStart(f -> {
                serveCrashingRelease(f.project());
                TestProject.Run apply = f.project().shipshape("apply");
                assertThat(apply.exitCode()).as(apply.toString()).isZero();
                DbData.write(f.project(), f.project().containerIds().get("db"), "written-before-the-failures");
            })
            .resync(RESYNC)
            .readyWithin(Duration.ofSeconds(30))
            .build();

    final TestProject project = running.project();
    final Controller controller = running.controller();

    @Test
    void aVersionWhoseServiceCrashLoopsIsRolledBackAndNotRetriedInAHotLoop() throws Exception {
        Map<String, String> before = project.containerIds();
        write(CRASHING, "");

        Condition degraded = awaitRolledBack(CRASHING, "api");
        assertThat(degraded.message()).as(degraded.message()).contains("exit");
        assertThat(project.containerIds().get("db")).isEqualTo(before.get("db"));
        // the crashing release replaces several services: under rollout.strategy window (the default), one window action
        assertNotRetried("window");
    }

    @Test
    void aVersionWhoseMigrationFailsIsRolledBackAndNotRetriedInAHotLoop() throws Exception {
        Map<String, String> before = project.containerIds();
        write("1.3.0", "    migrate: {fail: \"yes\"}\n");

        Condition degraded = awaitRolledBack("1.3.0", "migrate");
        // the job failed before any service was recreated; db, whose volume was snapshotted before the job (it
        // started again after the snapshot, which its boot log records), is created again on the restored volume
        assertThat(project.containerIds()).as("the job failed before any service was recreated")
                .containsEntry("api", before.get("api")).containsEntry("web", before.get("web")).containsKey("db");
        assertThat(degraded.message()).contains("the volumes were restored from snapshot").contains("was discarded");
        assertNotRetried("job");
        assertThat(project.get(project.dbPort, "/migrations.log")).as("the failed migration wrote nothing").isNull();
        assertThat(degraded.message()).contains("1.3.0");
    }

    @Test
    void backOnTheGoodVersionItIsReadyAgain() throws Exception {
        // a failed upgrade to come back from (when another test left one, this one is not tried again)
        write(CRASHING, "");
        awaitRolledBack(CRASHING, "api");
        project.writeDesired("1.1.0");
        await("Ready on 1.1.0").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(controller.status().snapshot().ready()).isTrue();
            assertThat(controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow().status())
                    .isEqualTo(ConditionStatus.FALSE);
        });
        assertThat(project.get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-failures");
    }

    // ---------- helpers ----------

    /** 1.1.0 with the version 1.4.0 and an api whose command exits 3 at once; the images are 1.1.0's. */
    private static void serveCrashingRelease(TestProject project) {
        Path release = TestEnvironment.repoRoot().resolve("examples/spacetech/release/1.1.0");
        String name = "spacetech-server-linux-x64-" + CRASHING + ".zip";
        byte[] zip = ReleaseZips.zip(release, Map.of(
                "manifest.yaml", m -> m.replace("${REGISTRY}", TestEnvironment.registry())
                        .replace("version: 1.1.0", "version: " + CRASHING).replace("upgradeFrom: 1.0.0", "upgradeFrom: 1.1.0"),
                "config/compose.yaml.tmpl", c -> {
                    String api = "  api:\n    image: \"{{images.api}}\"\n    command: [\"/bin/sh\", \"/app/run.sh\"]\n";
                    assertThat(c).contains(api);
                    return c.replace(api, "  api:\n    image: \"{{images.api}}\"\n    command: [\"/bin/sh\", \"-c\","
                            + " \"echo 'api " + CRASHING + ": crashing on purpose' >&2; exit 3\"]\n");
                }));
        project.releases.override(name, zip);
        project.releases.override(name + ".sha256", ReleaseZips.sha256File(zip, name));
    }

    private void write(String version, String config) throws Exception {
        project.writeDesired(version, config, "", "");
        TestProject.write(project.desiredFile, Files.readString(project.desiredFile).replace("    healthTimeout: 60s\n", ROLLOUT));
    }

    private Condition awaitRolledBack(String failed, String culprit) {
        await("Degraded after the rollback of " + failed).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Condition degraded = controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow();
                    assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
                    assertThat(degraded.reason()).isEqualTo("RollbackAfterFailedUpgrade");
                    assertThat(degraded.message()).contains(culprit).contains(failed).contains("rolled back to 1.1.0");
                    assertThat(project.get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
                    assertThat(controller.status().snapshot().currentVersion()).hasToString("1.1.0");
                    // a db created again on its restored volume (snapshots) serves once the pass after the restore started it
                    assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-failures");
                });
        Condition degraded = controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow();
        System.out.println("degraded after " + failed + ": " + degraded);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-failures");
        assertThat(project.containers()).as("no container of the failed version left running").hasSize(3 + jobContainers());
        return degraded;
    }

    /** The failed action's counter and the containers do not move over several resync periods. */
    private void assertNotRetried(String kind) throws Exception {
        // let the rollback's own follow-up pass finish first
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.status().snapshot().condition(ConditionType.PROGRESSING)
                .orElseThrow().status() == ConditionStatus.FALSE);
        double failures = counter(kind, "failure");
        assertThat(failures).as("the failing %s ran and failed", kind).isGreaterThanOrEqualTo(1.0);
        Map<String, String> settled = project.containerIds();
        double successes = counter(kind, "success");
        running.awaitPasses(QUIET_PASSES, Duration.ofSeconds(30));
        assertThat(project.containerIds()).as("containers after %d more reconciliations", QUIET_PASSES).isEqualTo(settled);
        assertThat(counter(kind, "failure")).as("failed %s actions after %d reconciliations, resyncs every %s", kind,
                QUIET_PASSES, RESYNC).isEqualTo(failures);
        assertThat(counter(kind, "success")).as("%s actions after the rollback settled", kind).isEqualTo(successes);
        assertThat(controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow().reason())
                .isEqualTo("RollbackAfterFailedUpgrade");
    }

    private int jobContainers() {
        return project.containers().stream().filter(c -> c.getNames()[0].endsWith("-job")).toList().size();
    }

    private double counter(String kind, String result) throws Exception {
        String metrics = running.get("/metrics").body();
        Matcher m = Pattern.compile("^shipshape_actions_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("kind=\"" + kind + "\"") && m.group(1).contains("result=\"" + result + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
