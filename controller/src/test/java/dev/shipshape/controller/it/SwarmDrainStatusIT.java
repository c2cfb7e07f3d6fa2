package dev.shipshape.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.controller.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A swarm of three nodes (scripts/swarm-env.sh --nodes 3, each node in a network namespace of its own): a release of
 * one stateless service with two tasks is applied through the CLI; draining a node that runs one of them
 * ({@code docker node update --availability drain}) moves that task to the free node, and the next pass (an apply
 * that changes nothing) leaves a status where {@code shipshape status} and {@code status --output json} show the node
 * as {@code drain} and no running task on it. Then a change of the project's {@code global.yaml} reaches the file the
 * release binds ({@code ./greeting.txt}, carried as a Swarm config named by its content hash) on every node that runs a
 * task, and the old config goes once unused. The example's services need their peers on the same node's 127.0.0.1,
 * so the release is the test's own: the example's web image serving its own files, built with
 * {@code shipshape release build}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmDrainStatusIT {
    @RegisterExtension
    static final SwarmNamespace SWARM = new SwarmNamespace(3);

    TestProject project;
    ReleaseServer releases;

    @BeforeAll
    void release() throws Exception {
        Path dir = Files.createTempDirectory("swarm-drain");
        Path pkg = dir.resolve("package");
        Files.createDirectories(pkg.resolve("config"));
        Files.createDirectories(pkg.resolve("variables"));
        Files.writeString(pkg.resolve("manifest.yaml"), """
                product: spacetech-server
                version: 1.0.0
                images:
                  front: %s/spacetech/web:1.0.0
                """.formatted(TestEnvironment.registry()));
        Files.writeString(pkg.resolve("variables/default.yaml"), "web:\n  port: 18391\n  greeting: hello\n");
        Files.writeString(pkg.resolve("config/greeting.txt.tmpl"), "{{web.greeting}}\n");
        Files.writeString(pkg.resolve("config/compose.yaml.tmpl"), """
                services:
                  front:
                    image: "{{images.front}}"
                    command: ["/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:{{web.port}}", "-h", "/app"]
                    healthcheck:
                      test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:{{web.port}}/VERSION"]
                      interval: 1s
                      timeout: 2s
                      retries: 3
                      start_period: 5s
                    volumes:
                      - ./greeting.txt:/app/greeting.txt:ro
                    network_mode: host
                """);
        Path dist = dir.resolve("dist");
        Files.createDirectories(dist);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int built = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "release", "build", pkg.toString(), "--out",
                dist.toString());
        assertThat(built).as(out + "\n" + err).isZero();
        try (Stream<Path> files = Files.list(dist)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("spacetech-server-linux-x64-1.0.0.zip");
        }
        releases = new ReleaseServer(dist);
        project = new TestProject(dir, releases);
        project.writeDesired("1.0.0", "", "", "  runtime: swarm\n  swarm:\n    replicas: {front: 2}\n");
    }

    @AfterAll
    void close() throws Exception {
        try {
            project.close();
        } finally {
            releases.close();
        }
    }

    @Test
    @Order(2)
    void aChangeInGlobalYamlReachesTheConfigFileOnEveryNodeThatRunsATask() throws Exception {
        List<String> nodes = frontNodes();
        assertThat(nodes).hasSize(2);
        // a task Swarm calls running may not listen yet: wait (bounded) until each serves
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String node : nodes) {
                assertThat(SWARM.getOn(node, project.webPort, "/greeting.txt")).as("on " + node).isEqualTo("hello\n");
            }
        });
        String oldConfigs = SWARM.docker("config", "ls", "--format", "{{.Name}}");
        assertThat(oldConfigs).contains(project.name + "_front_greeting.txt-");

        Files.writeString(project.projectDir().resolve("global.yaml"), "web:\n  greeting: bonjour\n");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> after = frontNodes();
            assertThat(after).hasSize(2);
            for (String node : after) {
                assertThat(SWARM.getOn(node, project.webPort, "/greeting.txt")).as("on " + node).isEqualTo("bonjour\n");
            }
        });
        String newConfigs = SWARM.docker("config", "ls", "--format", "{{.Name}}");
        assertThat(newConfigs.lines().filter(c -> c.startsWith(project.name + "_front_greeting.txt-")).toList())
                .as("a new config by content hash, the old one removed once unused").hasSize(1)
                .noneMatch(oldConfigs::contains);
        assertThat(project.shipshape("plan").exitCode()).isZero();
    }

    /** The nodes front's running tasks are on, from the swarm itself. */
    List<String> frontNodes() throws Exception {
        List<String> nodes = new ArrayList<>(SWARM.docker("service", "ps", "--filter", "desired-state=running", "--format",
                "{{.Node}} {{.CurrentState}}", project.name + "_front").lines().filter(l -> l.contains(" Running"))
                .map(l -> l.substring(0, l.indexOf(' '))).sorted().toList());
        return nodes;
    }

    @Test
    @Order(1)
    void drainingANodeMovesTheStatelessTaskAndStatusReportsIt() throws Exception {
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        List<String> before = frontNodes();
        assertThat(before).hasSize(2).doesNotHaveDuplicates();
        String drained = before.get(before.size() - 1);
        String free = Stream.of(SWARM.hostname(1), SWARM.hostname(2), SWARM.hostname(3)).filter(n -> !before.contains(n))
                .findFirst().orElseThrow();
        TestProject.Run status = project.shipshape("status");
        assertThat(status.out()).as(status.toString()).contains("Swarm nodes:")
                .containsPattern(drained + " +active +ready");

        SWARM.docker("node", "update", "--availability", "drain", drained);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(frontNodes()).hasSize(2).doesNotContain(drained).contains(free));

        // the next pass (here an apply, which finds nothing to change) records where the tasks are now
        TestProject.Run again = project.shipshape("apply");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(project.shipshape("plan").exitCode()).isZero();
        status = project.shipshape("status");
        System.out.println("status after the drain: " + status);
        assertThat(status.out()).containsPattern(drained + " +drain +ready +(manager|worker)")
                .containsPattern(free + " +active +ready")
                .containsPattern(project.name + "_front\\.\\d +running +on " + free + " +2/2 running")
                .doesNotContainPattern(project.name + "_front\\.\\d +\\S+ +on " + drained);

        TestProject.Run json = project.shipshape("status", "--output", "json");
        JsonNode s = new ObjectMapper().readTree(json.out());
        List<String> drainedNodes = new ArrayList<>();
        s.path("nodes").forEach(n -> {
            if ("drain".equals(n.path("availability").asText())) {
                drainedNodes.add(n.path("node").asText());
            }
        });
        assertThat(drainedNodes).as(json.out()).containsExactly(drained);
        assertThat(s.path("nodes")).hasSize(3);
        List<String> taskNodes = new ArrayList<>();
        s.path("services").forEach(t -> {
            if ("running".equals(t.path("state").asText())) {
                taskNodes.add(t.path("node").asText());
            }
        });
        assertThat(taskNodes).hasSize(2).doesNotContain(drained).contains(free);
    }
}
