package dev.shipshape.controller.it;

import com.google.inject.Guice;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.ConditionStatus;
import dev.shipshape.controller.status.ConditionType;
import dev.shipshape.model.desired.DesiredFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Safe rollouts against the real engine: a version that never becomes healthy is rolled back and
 * not retried; downgrades need consent; upgrade paths go hop by hop; jobs run exactly when they
 * must; a maintenance window holds restarts but not healing; stop/start and removed services keep data.
 */
class SafeRolloutIT {
    private static final String FAST = "    healthTimeout: 8s\n";

    /** A project of its own for every test; closed after the controller a test may start. */
    @RegisterExtension
    static final RunningController fixture = RunningController.builder().withoutController().desired(null).eachTest()
            .build();

    TestProject project;
    Controller controller;

    @BeforeEach
    void start() {
        project = fixture.project();
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void install(String version) {
        project.writeDesired(version);
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
    }

    private void writeData() throws Exception {
        String db = project.containerIds().get("db");
        String exec = project.docker.execCreateCmd(db).withCmd("/bin/sh", "-c", "echo precious > /data/www/precious.txt")
                .exec().getId();
        project.docker.execStartCmd(exec).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>())
                .awaitCompletion(10, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(project.get(project.dbPort, "/precious.txt")).contains("precious"));
    }

    @Test
    void anUpgradeThatNeverBecomesHealthyIsRolledBackAndNotRetried() throws Exception {
        install("1.1.0");
        writeData();
        project.writeDesired("1.2.0", "", "", "");
        String text = Files.readString(project.desiredFile).replace("    healthTimeout: 60s\n", FAST);
        TestProject.write(project.desiredFile, text);

        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).contains("upgrade to 1.2.0 failed").contains("api").contains("rolled back to 1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.dbPort, "/precious.txt")).contains("precious");
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.1.0");
        assertThat(project.containers()).as("the failed container is not left behind").hasSize(3);

        Map<String, String> after = project.containerIds();
        TestProject.Run again = project.shipshape("apply");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("not tried again until the desired file changes");
        assertThat(project.containerIds()).isEqualTo(after);
    }

    @Test
    void withAutoRollbackOffAFailedUpgradeIsLeftInPlaceAndSaysSo() throws Exception {
        install("1.1.0");
        project.writeDesired("1.2.0", "", "    autoRollback: false\n", "");
        TestProject.write(project.desiredFile, Files.readString(project.desiredFile).replace("    healthTimeout: 60s\n", FAST));
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).contains("autoRollback is false").contains("left as it is");
        assertThat(project.get(project.apiPort, "/status.json")).as("the failed api is left running").contains("1.2.0");
        Map<String, String> left = project.containerIds();
        TestProject.Run again = project.shipshape("apply");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(project.containerIds()).isEqualTo(left);
    }

    @Test
    void underRunAFailedUpgradeIsDegradedWithTheReasonAndNotRetried() throws Exception {
        install("1.1.0");
        controller = Guice.createInjector(dev.shipshape.controller.wiring.Modules.controller()).getInstance(Controller.class);
        controller.start(new Controller.Settings(project.desiredFile, "127.0.0.1", 0, Duration.ofSeconds(5),
                Duration.ofSeconds(20)), DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)));
        await().atMost(Duration.ofSeconds(30)).until(() -> controller.status().snapshot().ready());

        project.writeDesired("1.2.0");
        TestProject.write(project.desiredFile, Files.readString(project.desiredFile).replace("    healthTimeout: 60s\n", FAST));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Condition degraded = controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow();
            assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
            assertThat(degraded.reason()).isEqualTo("RollbackAfterFailedUpgrade");
            assertThat(degraded.message()).contains("api").contains("1.2.0").contains("rolled back to 1.1.0");
            assertThat(project.get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
        });
        Map<String, String> settled = project.containerIds();
        // not retried: the resyncs after the rollback leave the containers as they are
        RunningController.awaitPasses(controller, 2, Duration.ofSeconds(30));
        assertThat(project.containerIds()).isEqualTo(settled);
        assertThat(controller.status().snapshot().currentVersion()).hasToString("1.1.0");
    }

    @Test
    void aDowngradeIsRefusedUnlessAllowed() {
        install("1.1.0");
        project.writeDesired("1.0.0");
        TestProject.Run refused = project.shipshape("apply");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("older than the installed version 1.1.0").contains("allowDowngrade");
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");

        project.writeDesired("1.0.0", "", "    allowDowngrade: true\n", "");
        TestProject.Run allowed = project.shipshape("apply");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
    }

    @Test
    void anUpgradeToAReleaseThatNeedsAnIntermediateOneGoesThroughIt() {
        install("1.0.0");
        project.writeDesired("1.3.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("record 1.1.0 as installed (was 1.0.0)").contains("record 1.3.0 as installed (was 1.1.0)");
        assertThat(apply.out().indexOf("record 1.1.0")).isLessThan(apply.out().indexOf("run job migrate"));
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content()
                .containsSubsequence("version: 1.0.0", "version: 1.1.0", "version: 1.3.0");
        assertThat(project.get(project.webPort, "/index.html")).contains("1.3.0");
        assertThat(lines(project.get(project.dbPort, "/migrations.log"))).isEqualTo(1);
        assertThat(project.get(project.dbPort, "/init.log")).as("an install job never runs on upgrades").isNull();

        TestProject.Run again = project.shipshape("apply");
        assertThat(again.exitCode()).isZero();
        assertThat(lines(project.get(project.dbPort, "/migrations.log"))).as("a completed job does not rerun").isEqualTo(1);
    }

    @Test
    void anInstallJobRunsOnceEver() {
        install("1.3.0");
        assertThat(lines(project.get(project.dbPort, "/init.log"))).isEqualTo(1);
        assertThat(project.get(project.dbPort, "/migrations.log")).as("no migration on a first install").isNull();
        assertThat(project.shipshape("apply").exitCode()).isZero();
        assertThat(lines(project.get(project.dbPort, "/init.log"))).isEqualTo(1);
    }

    @Test
    void aFailingMigrationStopsTheRolloutAndRollsBack() {
        install("1.1.0");
        Map<String, String> before = project.containerIds();
        project.writeDesired("1.3.0", "    migrate: {fail: \"yes\"}\n", "", "");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).contains("migrate").contains("rolled back to 1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
        // the db volume was snapshotted before the job (db stopped and started again for it, which its boot log
        // records), so the rollback restores it and db is created again on it; api and web were never touched
        assertThat(apply.err()).contains("the volumes are restored from snapshot").contains("is discarded");
        assertThat(project.containerIds()).containsEntry("api", before.get("api")).containsEntry("web", before.get("web"))
                .containsKey("db");
    }

    @Test
    void aMaintenanceWindowHoldsRestartsButNotHealing() {
        install("1.1.0");
        Map<String, String> before = project.containerIds();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(2).getDayOfWeek().name().substring(0, 3).toLowerCase(Locale.ROOT);
        String window = "    window: {days: [" + tomorrow + "], start: \"02:00\", end: \"03:00\", timeZone: UTC}\n";
        // the user's own configuration file changes a value: a config change that restarts api
        TestProject.write(project.projectDir().resolve("global.yaml"), "api:\n  greeting: \"held back\"\n");
        project.writeDesired("1.1.0", "", window, "");

        TestProject.Run held = project.shipshape("apply");
        assertThat(held.exitCode()).as(held.toString()).isZero();
        assertThat(held.out()).contains("maintenance window");
        assertThat(project.containerIds().get("api")).isEqualTo(before.get("api"));
        assertThat(project.get(project.apiPort, "/status.json")).doesNotContain("held back");

        project.docker.removeContainerCmd(before.get("web")).withForce(true).exec();
        TestProject.Run heal = project.shipshape("apply");
        assertThat(heal.exitCode()).as(heal.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).as("healing is never held back").contains("1.1.0");
        assertThat(project.containerIds().get("api")).isEqualTo(before.get("api"));
    }

    @Test
    void stoppingAndStartingKeepsTheData() throws Exception {
        install("1.1.0");
        writeData();
        project.writeDesired("1.1.0", "", "", "  state: stopped\n");
        assertThat(project.shipshape("apply").exitCode()).isZero();
        assertThat(project.containers()).hasSize(3).allSatisfy(c -> assertThat(c.getState()).isEqualTo("exited"));
        assertThat(project.get(project.webPort, "/index.html")).isNull();

        project.writeDesired("1.1.0");
        assertThat(project.shipshape("apply").exitCode()).isZero();
        assertThat(project.get(project.dbPort, "/precious.txt")).contains("precious");
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
    }

    @Test
    void aServiceTheReleaseNoLongerHasIsRemovedButItsVolumeIsKept() {
        install("1.3.0");
        assertThat(project.containerIds()).containsKey("cache");
        project.writeDesired("1.3.0", "    features: {cache: false}\n", "", "");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.containerIds()).doesNotContainKey("cache").containsKeys("web", "api", "db");
        assertThat(project.docker.listVolumesCmd().exec().getVolumes())
                .anySatisfy(v -> assertThat(v.getName()).isEqualTo(project.name + "_cache-data"));
        assertThat(project.projectDir().resolve(".shipshape/kept-volumes.yaml")).content().contains(project.name + "_cache-data");
    }

    private static long lines(String text) {
        return text == null ? 0 : text.lines().filter(l -> !l.isBlank()).count();
    }
}
