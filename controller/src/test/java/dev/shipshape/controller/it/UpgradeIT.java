package dev.shipshape.controller.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end against the real engine, registry and an HTTP release server:
 * install 1.0.0 from nothing, refuse bad input and a bad package without touching the server,
 * upgrade to 1.1.0 by editing the file, and find nothing to do afterwards.
 * The steps share one installed project and run in order: each starts from what the one before left
 * (installed from nothing, input refused, upgraded, a container removed); standing alone, each would
 * install, and most would upgrade, again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeIT {
    private static final String ZIP_110 = "spacetech-server-linux-x64-1.1.0.zip";

    @RegisterExtension
    static final RunningController fixture = RunningController.builder().withoutController().desired(null).build();

    TestProject project;

    @BeforeAll
    void start() {
        project = fixture.project();
    }

    @Test
    @Order(1)
    void installsFromNothing() {
        project.writeDesired("1.0.0");
        TestProject.Run plan = project.shipshape("plan", "--no-fetch");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).contains("download release 1.0.0");
        // without --no-fetch, plan fetches the package into the store first and shows the steps after the download
        // (the services are known once the export has generated the secrets)
        TestProject.Run whole = project.shipshape("plan");
        assertThat(whole.exitCode()).as(whole.toString()).isEqualTo(2);
        assertThat(whole.out()).as(whole.toString()).contains("export the configuration of 1.0.0")
                .doesNotContain("download release");
        assertThat(project.containerIds()).as("plan creates nothing").isEmpty();

        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.containerIds()).containsOnlyKeys("web", "api", "db");
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.0.0").contains("hello");

        Path secrets = project.projectDir().resolve("generated-secret.yaml");
        assertThat(secrets).exists();
        assertThat(secrets.toFile().canRead()).isTrue();
        // Docker's own status (what check reports) follows the fast gate within one health-check interval
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(project.shipshape("check").exitCode()).isZero());
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.0.0");
    }

    @Test
    @Order(2)
    void anInvalidDesiredFileIsRefusedAndChangesNothing() throws Exception {
        Map<String, String> before = project.containerIds();
        String good = Files.readString(project.desiredFile);
        TestProject.write(project.desiredFile, good.replace("  version: 1.0.0", "  verison: 1.1.0"));
        try {
            TestProject.Run apply = project.shipshape("apply");
            assertThat(apply.exitCode()).isEqualTo(1);
            assertThat(apply.err()).contains(project.desiredFile.toString()).contains("verison")
                    .containsPattern("server\\.yaml:\\d+:\\d+");
            assertThat(project.containerIds()).isEqualTo(before);
            assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        } finally {
            TestProject.write(project.desiredFile, good);
        }
    }

    @Test
    @Order(3)
    void aPackageWithAWrongChecksumIsRefusedAndTheOldVersionKeepsServing() throws Exception {
        Map<String, String> before = project.containerIds();
        byte[] zip = Files.readAllBytes(TestEnvironment.exampleDist().resolve(ZIP_110));
        byte[] tampered = zip.clone();
        tampered[tampered.length / 2] ^= 0x5a;
        project.releases.override(ZIP_110, tampered);
        try {
            project.writeDesired("1.1.0");
            TestProject.Run apply = project.shipshape("apply");
            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).containsIgnoringCase("checksum");
            assertThat(project.containerIds()).isEqualTo(before);
            assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
            assertThat(project.projectDir().resolve(".shipshape/packages/1.1.0")).doesNotExist();
        } finally {
            project.releases.clearOverrides();
            project.writeDesired("1.0.0");
        }
    }

    @Test
    @Order(4)
    void upgradesOnlyTheChangedServicesAndKeepsData() throws Exception {
        Map<String, String> before = project.containerIds();
        writeIntoDbVolume(before.get("db"), "payload-" + project.name);
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("payload-" + project.name);
        Path secrets = project.projectDir().resolve("generated-secret.yaml");
        String secretsBefore = sha256(secrets);

        // 1.3.0 upgrades only from 1.1.0: a plan of the first hop names the final target and 1.3.0's notices too
        project.writeDesired("1.3.0");
        TestProject.Run hops = project.shipshape("plan");
        assertThat(hops.exitCode()).as(hops.toString()).isEqualTo(2);
        assertThat(hops.out()).as(hops.toString()).contains("this plan reaches 1.1.0, the final target is 1.3.0",
                "notices:\n  - 1.1.0: new web theme", "notices of the releases after it on the upgrade path:",
                "  - 1.3.0: 1.3.0 upgrades only from 1.1.0");
        TestProject.Run hopsJson = project.shipshape("plan", "--output", "json");
        dev.shipshape.controller.cli.PlanOutputSchema.assertConforms(hopsJson.out());
        var hopsDoc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(hopsJson.out());
        assertThat(hopsDoc.get("targetVersion").asText()).isEqualTo("1.1.0");
        assertThat(hopsDoc.get("finalVersion").asText()).isEqualTo("1.3.0");
        assertThat(hopsDoc.get("noticesOnPath")).extracting(n -> n.get("version").asText()).contains("1.1.0", "1.3.0");

        project.writeDesired("1.1.0");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        // plan fetched the package into the store, so the runbook's export changes no plan: both show the whole upgrade
        assertThat(project.shipshape("export").exitCode()).isZero();
        TestProject.Run review = project.shipshape("plan");
        assertThat(review.exitCode()).as(review.toString()).isEqualTo(2);
        assertThat(review.out()).contains("  recreate  api: image changed").contains("            web: ")
                .contains("downtime: api restarts").contains("not restarted: db");
        TestProject.Run json = project.shipshape("plan", "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(2);
        dev.shipshape.controller.cli.PlanOutputSchema.assertConforms(json.out());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).get("restarts"))
                .extracting(r -> r.get("service").asText()).contains("api", "web").doesNotContain("db");

        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("notice: 1.1.0: new web theme");

        Map<String, String> after = project.containerIds();
        assertThat(after.get("db")).as("db is unchanged in 1.1.0 and keeps its container").isEqualTo(before.get("db"));
        assertThat(after.get("api")).isNotEqualTo(before.get("api"));
        assertThat(after.get("web")).isNotEqualTo(before.get("web"));
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("hello from orbit");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("payload-" + project.name);
        assertThat(sha256(secrets)).isEqualTo(secretsBefore);
        assertThat(project.containers()).as("no container left over from the upgrade").hasSize(3);
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.1.0");
    }

    @Test
    @Order(5)
    void aSecondApplyChangesNothingAndPlanExitsZero() {
        Map<String, String> before = project.containerIds();
        int downloads = project.releases.requestsFor(ZIP_110);

        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("(0 actions)").as("a notice is printed once, by the apply that installed it")
                .doesNotContain("notice:");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("nothing to do");
        TestProject.Run json = project.shipshape("plan", "--output", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        dev.shipshape.controller.cli.PlanOutputSchema.assertConforms(json.out());
        assertThat(json.out()).contains("\"changesPending\" : false");

        assertThat(project.containerIds()).isEqualTo(before);
        assertThat(project.releases.requestsFor(ZIP_110)).isEqualTo(downloads);
        TestProject.Run version = project.shipshape("version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).contains("installed 1.1.0").contains("sha256:");
    }

    @Test
    @Order(6)
    void aRemovedContainerIsPutBackByApply() {
        String api = project.containerIds().get("api");
        project.docker.removeContainerCmd(api).withForce(true).exec();
        assertThat(project.shipshape("check").exitCode()).isEqualTo(1);

        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("create api");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0"));
        // apply confirmed api by running its health command itself (the fast gate); `check` reports Docker's own
        // status, which stays "starting" until Docker's first probe, one health-check interval after the start
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(project.shipshape("check").exitCode()).isZero());
    }

    @Test
    @Order(7)
    void aSuspendedProjectIsObservedButNotChanged() throws Exception {
        String good = Files.readString(project.desiredFile);
        String web = project.containerIds().get("web");
        project.docker.stopContainerCmd(web).withTimeout(2).exec();
        TestProject.write(project.desiredFile, good.replace("  rollout:", "  suspend: true\n  rollout:"));
        try {
            TestProject.Run apply = project.shipshape("apply");
            assertThat(apply.exitCode()).as(apply.toString()).isZero();
            assertThat(apply.out()).contains("suspend").contains("start web");
            assertThat(project.docker.inspectContainerCmd(web).exec().getState().getRunning()).isFalse();
        } finally {
            TestProject.write(project.desiredFile, good);
        }
        assertThat(project.shipshape("apply").exitCode()).isZero();
        assertThat(project.docker.inspectContainerCmd(web).exec().getState().getRunning()).isTrue();
    }

    private void writeIntoDbVolume(String containerId, String payload) throws InterruptedException {
        String exec = project.docker.execCreateCmd(containerId)
                .withCmd("/bin/sh", "-c", "echo " + payload + " > /data/www/payload.txt")
                .exec().getId();
        project.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(project.docker.inspectExecCmd(exec).exec().getExitCodeLong()).isZero());
    }

    /** Secrets are compared by digest: a failing assertion must not print them. */
    private static String sha256(Path file) throws java.io.IOException {
        return dev.shipshape.model.config.ConfigHash.sha256(Files.readAllBytes(file));
    }
}
