package dev.shipshape.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code spec.runtime: swarm} end to end through the CLI, on a one-node swarm inside a network namespace of its own
 * (scripts/swarm-env.sh): install the example from nothing, upgrade it (the unchanged db keeps its Swarm version
 * index), a never-healthy version rolled back as a whole and recorded, a hand-removed service put back, and a
 * plan that finds nothing to do. shipshape talks to the swarm's manager through its unix socket (DOCKER_HOST as a
 * system property, which docker-java reads like the environment variable).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmApplyIT {
    final String id = "ap" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    final String netns = "shipshape-sw-" + id + "-1";
    final String manager = "unix:///run/shipshape-swarm/" + netns + "/docker.sock";
    Path dir;
    TestProject project;

    @BeforeAll
    void up() throws Exception {
        dir = Files.createTempDirectory("swarm-apply");
        project = TestProject.withExampleReleases(dir);
        String r = TestEnvironment.registry();
        script("up");
        script("push", r + "/spacetech/db:1.0.0", r + "/spacetech/api:1.0.0", r + "/spacetech/api:1.1.0", r + "/spacetech/api:1.2.0",
                r + "/spacetech/web:1.0.0", r + "/spacetech/web:1.1.0", r + "/spacetech/cache:1.3.0");
        System.setProperty("DOCKER_HOST", manager);
    }

    @AfterAll
    void down() throws Exception {
        System.clearProperty("DOCKER_HOST");
        try {
            script("down");
        } finally {
            project.close();
        }
    }

    void desired(String version) {
        project.writeDesired(version, "", "", "  runtime: swarm\n");
    }

    String get(int port, String path) throws Exception {
        return run(List.of("nsenter", "--net=/var/run/netns/" + netns, "busybox", "wget", "-q", "-O", "-",
                "http://127.0.0.1:" + port + path));
    }

    String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "-H", manager));
        command.addAll(List.of(args));
        return run(command);
    }

    String serviceIndex(String service) throws Exception {
        return docker("service", "inspect", "--format", "{{.Version.Index}}", project.name + "_" + service).strip();
    }

    @Test
    @Order(1)
    void installsTheExampleFromNothingAsSwarmServices() throws Exception {
        desired("1.0.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}").lines().sorted().toList())
                .containsExactly(project.name + "_api 1/1 (max 1 per node)", project.name + "_db 1/1 (max 1 per node)",
                        project.name + "_web 1/1 (max 1 per node)");
        assertThat(get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(project.containerIds()).as("nothing on the test engine").isEmpty();
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
    }

    @Test
    @Order(2)
    void upgradesOnlyTheChangedServices() throws Exception {
        String db = serviceIndex("db");
        desired("1.1.0");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(serviceIndex("db")).isEqualTo(db);
        assertThat(get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(get(project.apiPort, "/status.json")).contains("1.1.0");
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.1.0");
        assertThat(project.shipshape("plan").exitCode()).isZero();
        String node = docker("node", "ls", "--format", "{{.Hostname}}").strip();
        TestProject.Run status = project.shipshape("status");
        assertThat(status.out()).as(status.toString()).contains("Swarm tasks:")
                .containsPattern(project.name + "_api\\.1 +running +on " + node + " +1/1 running");
        TestProject.Run check = project.shipshape("check");
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.out()).containsPattern("api +1/1 +1\\.1\\.0 +" + project.name + "_api")
                .containsPattern("task 1 +on " + node + " +running").contains("all services running all their tasks");
        TestProject.Run version = project.shipshape("version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.out()).contains("Swarm services:").containsPattern(project.name + "_web +1\\.1\\.0 +\\S+/spacetech/web@sha256:");
    }

    @Test
    @Order(3)
    void aNeverHealthyVersionIsRolledBackAsAWholeAndRecorded() throws Exception {
        desired("1.2.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isNotZero();
        assertThat(apply.err()).contains("1.2.0").contains("rolled back to 1.1.0").contains("_api");
        assertThat(get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.1.0");
        assertThat(project.projectDir().resolve(".shipshape/rollout.yaml")).content().contains("1.2.0").contains("api");
        TestProject.Run status = project.shipshape("status");
        System.out.println("status after the rollback: " + status);
        assertThat(status.out()).contains("Degraded").contains("api");
    }

    @Test
    @Order(4)
    void aHandRemovedServiceComesBackAndASecondApplyChangesNothing() throws Exception {
        desired("1.1.0");
        docker("service", "rm", project.name + "_web");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).contains("create web");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(get(project.webPort, "/index.html")).contains("1.1.0");
        TestProject.Run again = project.shipshape("plan");
        assertThat(again.exitCode()).as(again.toString()).isZero();
    }

    @Test
    @Order(5)
    void aTaskThatCanNotBeScheduledIsReportedWithSwarmsReason() throws Exception {
        docker("service", "update", "--detach", "--constraint-add", "node.hostname==nowhere", project.name + "_web");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() -> {
            TestProject.Run check = project.shipshape("check");
            assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
            assertThat(check.out()).containsPattern("web +0/1").containsPattern("task 1 +on \\(no node\\) +pending +no suitable node")
                    .contains("not every service runs all its tasks");
        });
    }

    @Test
    @Order(6)
    void anUpgradeWithAJobRunsItAsAReplicatedJobOnTheNodeOfItsServiceAndRecordsIt() throws Exception {
        docker("service", "update", "--detach", "--constraint-rm", "node.hostname==nowhere", project.name + "_web");
        desired("1.3.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("run job migrate");
        assertThat(get(project.dbPort, "/migrations.log")).contains("migrate 1.3.0");
        assertThat(project.projectDir().resolve(".shipshape/jobs.yaml")).content().contains("migrate@1.3.0");
        assertThat(docker("service", "ls", "--format", "{{.Name}}")).as("the completed job's service is removed")
                .doesNotContain("job-migrate").contains(project.name + "_cache");
        assertThat(project.shipshape("plan").exitCode()).as("a completed job does not run again").isZero();
    }

    @Test
    @Order(7)
    void stateStoppedScalesEveryServiceToZeroKeepingItsDataAndRunningBringsItBack() throws Exception {
        project.writeDesired("1.3.0", "", "", "  runtime: swarm\n  state: stopped\n");
        TestProject.Run stop = project.shipshape("apply");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("stop web").contains("stop db");
        assertThat(docker("service", "ls", "--format", "{{.Name}} {{.Replicas}}").lines()
                .filter(l -> l.startsWith(project.name + "_")).toList())
                .as("every service kept, at 0 tasks").hasSize(4).allSatisfy(l -> assertThat(l).contains(" 0/0"));
        assertThat(docker("ps", "--format", "{{.Names}}").lines().filter(n -> n.startsWith(project.name + "_")).toList())
                .as("no task container runs").isEmpty();
        TestProject.Run converged = project.shipshape("plan");
        assertThat(converged.exitCode()).as(converged.toString()).isZero();

        desired("1.3.0");
        TestProject.Run start = project.shipshape("apply");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(start.out()).contains("start web");
        assertThat(get(project.webPort, "/index.html")).contains("1.3.0");
        assertThat(get(project.dbPort, "/migrations.log")).as("the db's volume kept its data").contains("migrate 1.3.0");
        assertThat(project.shipshape("plan").exitCode()).isZero();
    }

    private void script(String command, String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of(TestEnvironment.repoRoot().resolve("scripts/swarm-env.sh").toString(), command,
                "--id", id));
        c.addAll(List.of(args));
        run(c);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        String source = System.getenv("DOCKER_HOST");
        if (source != null) {
            pb.environment().put("SHIPSHAPE_SOURCE_DOCKER_HOST", source);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String text = new String(out);
        assertThat(p.exitValue()).as("%s:\n%s", command, text).isZero();
        return text;
    }
}
