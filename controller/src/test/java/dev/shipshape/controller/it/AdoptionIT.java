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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An installation made by the manual runbook (the export, then Debian's docker-compose) is
 * adopted, not rebuilt: no container is recreated and no secret regenerated; the upgrade then
 * recreates only what changed; and the installed version stays known when every container is gone.
 *
 * <p>The tests are the steps of one operator's story on one installation and run in order: the
 * adoption needs the runbook's containers, the upgrade the adopted installation, the downgrade check
 * the upgraded one; and the container ids and the secret's digest the first step records are what
 * the later steps compare against.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdoptionIT {
    @RegisterExtension
    static final RunningController fixture = RunningController.builder().withoutController().desired(null).build();

    TestProject project;
    Map<String, String> composeContainers;
    String secrets;

    @BeforeAll
    void start() {
        project = fixture.project();
    }

    @Test
    @Order(1)
    void theRunbookInstallsWithDockerCompose() throws Exception {
        project.writeDesired("1.0.0");
        TestProject.Run export = project.shipshape("export");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        Path compose = project.projectDir().resolve("export/compose.yaml");
        assertThat(compose).exists();
        assertThat(project.containers()).isEmpty();

        dockerCompose(compose, "up", "-d");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0"));
        composeContainers = servicesToIds();
        assertThat(composeContainers).containsOnlyKeys("web", "api", "db");
        // the runbook ends with `check`: the operator switches to shipshape from a healthy server
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(composeContainers.values()).allSatisfy(id -> assertThat(
                        project.docker.inspectContainerCmd(id).exec().getState().getHealth().getStatus()).isEqualTo("healthy")));
        assertThat(project.containers()).allSatisfy(c -> assertThat(c.getLabels()).doesNotContainKey("dev.shipshape.managed"));
        exec(composeContainers.get("db"), "echo runbook-data > /data/www/runbook.txt");
        secrets = sha256(project.projectDir().resolve("generated-secret.yaml"));
    }

    @Test
    @Order(2)
    void shipshapeAdoptsTheInstallationWithoutRecreatingAnything() throws Exception {
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).contains("adopt db").contains("adopt api").contains("adopt web")
                .doesNotContain("recreate").doesNotContain("create ");

        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(servicesToIds()).isEqualTo(composeContainers);
        assertThat(sha256(project.projectDir().resolve("generated-secret.yaml"))).isEqualTo(secrets);
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.0.0");

        TestProject.Run again = project.shipshape("plan");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(project.shipshape("check").exitCode()).isZero();
    }

    @Test
    @Order(3)
    void theUpgradeRecreatesOnlyTheChangedServicesAndKeepsTheData() throws Exception {
        project.writeDesired("1.1.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        Map<String, String> after = servicesToIds();
        assertThat(after.get("db")).isEqualTo(composeContainers.get("db"));
        assertThat(after.get("api")).isNotEqualTo(composeContainers.get("api"));
        assertThat(after.get("web")).isNotEqualTo(composeContainers.get("web"));
        assertThat(project.containers()).hasSize(3);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.dbPort, "/runbook.txt")).contains("runbook-data");
        assertThat(sha256(project.projectDir().resolve("generated-secret.yaml"))).isEqualTo(secrets);
    }

    @Test
    @Order(4)
    void withEveryContainerRemovedByHandAnOlderVersionIsStillRefusedAsADowngrade() {
        project.containers().forEach(c -> project.docker.removeContainerCmd(c.getId()).withForce(true).exec());
        project.writeDesired("1.0.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains("older than the installed version 1.1.0").contains("allowDowngrade");
        assertThat(project.containers()).isEmpty();
    }

    /** Every container of the project by service, whatever its name (compose v1 names them project_service_1). */
    private Map<String, String> servicesToIds() {
        return project.containers().stream().collect(java.util.stream.Collectors.toMap(
                c -> c.getLabels().get("com.docker.compose.service"), c -> c.getId()));
    }

    private void dockerCompose(Path composeFile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("docker-compose", "-p", project.name, "-f", composeFile.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker-compose %s:%n%s", String.join(" ", args), output).isZero();
    }

    private void exec(String containerId, String script) throws InterruptedException {
        String exec = project.docker.execCreateCmd(containerId).withCmd("/bin/sh", "-c", script).exec().getId();
        project.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(project.docker.inspectExecCmd(exec).exec().getExitCodeLong()).isZero());
    }

    /** Secrets are compared by digest: a failing assertion must not print them. */
    private static String sha256(Path file) throws java.io.IOException {
        return dev.shipshape.model.config.ConfigHash.sha256(Files.readAllBytes(file));
    }
}
