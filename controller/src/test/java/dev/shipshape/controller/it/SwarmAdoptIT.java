package dev.shipshape.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Adoption of what {@code docker stack deploy} made from the runbook's export, on a one-node swarm inside a network
 * namespace of its own: the export's compose in the hostnet form (every service on the external {@code host}
 * network) is adopted by {@code apply} without a task restarted; the unmodified export (which stack deploy puts on
 * an overlay network of its own, where nothing reaches the services) is replaced onto the host network, saying why,
 * and nothing shipshape did not create is removed. The docker CLI talks only to the namespaced manager's socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmAdoptIT {
    @RegisterExtension
    static final SwarmNamespace SWARM = new SwarmNamespace();

    TestProject hostnet;
    TestProject overlay;

    @BeforeAll
    void projects() throws Exception {
        hostnet = TestProject.withExampleReleases(Files.createTempDirectory("swarm-adopt"));
        overlay = TestProject.withExampleReleases(Files.createTempDirectory("swarm-adopt-overlay"));
        hostnet.writeDesired("1.0.0", "", "", "  runtime: swarm\n");
        overlay.writeDesired("1.0.0", "", "", "  runtime: swarm\n");
    }

    @AfterAll
    void removeTheStacks() throws Exception {
        try {
            for (TestProject p : List.of(hostnet, overlay)) {
                // the services (shipshape's now) and what stack deploy made besides: the overlay network
                SWARM.docker("stack", "rm", p.name);
            }
        } finally {
            hostnet.close();
            overlay.close();
        }
    }

    /** The export of {@code p} (rendered by shipshape export), as its compose.yaml's path. */
    static Path export(TestProject p) {
        TestProject.Run export = p.shipshape("export");
        assertThat(export.exitCode()).as(export.toString()).isZero();
        return p.projectDir().resolve("export").resolve("compose.yaml");
    }

    /**
     * The export's compose as {@code docker stack deploy} takes it (the docker CLI refuses the long form of
     * {@code depends_on}: "services.api.depends_on must be a list"), and with {@code hostnet} in the hostnet form
     * docs/swarm.md tells a swarm user to write: every service on the external network {@code host}. Written beside
     * the export, its {@code ./} files bound from the export folder.
     */
    static Path stackForm(Path compose, boolean hostnet) throws Exception {
        String text = Files.readString(compose).replaceAll("(?m)^      ([a-z][a-z0-9_-]*): \\{condition: [a-z_]+}$", "      - $1");
        assertThat(text).doesNotContain("condition:");
        if (hostnet) {
            text = text.replace("    network_mode: host\n", "    network_mode: host\n    networks: [hostnet]\n")
                    + "networks:\n  hostnet: {external: true, name: host}\n";
            assertThat(text.split("networks: \\[hostnet]", -1)).as("every service of the export").hasSize(4);
        }
        Path exportDir = compose.getParent().toAbsolutePath();
        Path out = compose.getParent().getParent().resolve(hostnet ? "compose.hostnet.yaml" : "compose.stack.yaml");
        Files.writeString(out, text.replace("- ./", "- " + exportDir + "/"));
        return out;
    }

    static Set<String> lines(String text) {
        return new TreeSet<>(text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    static Set<String> runningTasks(TestProject p) throws Exception {
        return lines(SWARM.docker("stack", "ps", "-q", "--no-trunc", "--filter", "desired-state=running", p.name));
    }

    static Set<String> containers(TestProject p) throws Exception {
        return lines(SWARM.docker("ps", "-q", "--no-trunc", "--filter", "label=com.docker.stack.namespace=" + p.name));
    }

    static String label(TestProject p, String service, String label) throws Exception {
        return SWARM.docker("service", "inspect", "--format", "{{index .Spec.Labels \"" + label + "\"}}", p.name + "_" + service).strip();
    }

    @Test
    @Order(1)
    void anInstallationMadeWithStackDeployFromTheExportIsAdoptedWithoutATaskRestarted() throws Exception {
        Path stack = stackForm(export(hostnet), true);
        System.out.println("stack deploy: " + SWARM.docker("stack", "deploy", "-c", stack.toString(), hostnet.name));
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(lines(SWARM.docker("service", "ls", "--filter", "label=com.docker.stack.namespace=" + hostnet.name,
                    "--format", "{{.Name}} {{.Replicas}}"))).containsExactly(hostnet.name + "_api 1/1", hostnet.name + "_db 1/1",
                    hostnet.name + "_web 1/1");
            assertThat(SWARM.get(hostnet.webPort, "/index.html")).contains("1.0.0");
        });
        // the tasks really run on the host network: the service's network is "host", the container's mode too, and
        // the port answers on the node's 127.0.0.1 (above)
        for (String s : List.of("db", "api", "web")) {
            String target = SWARM.docker("service", "inspect", "--format", "{{range .Spec.TaskTemplate.Networks}}{{.Target}}{{end}}",
                    hostnet.name + "_" + s).strip();
            assertThat(SWARM.docker("network", "inspect", "--format", "{{.Name}}", target).strip()).isEqualTo("host");
            assertThat(label(hostnet, s, "dev.shipshape.managed")).as("stack deploy's, not shipshape's").isIn("", "<no value>");
        }
        for (String c : containers(hostnet)) {
            assertThat(SWARM.docker("inspect", "--format", "{{.HostConfig.NetworkMode}}", c).strip()).isEqualTo("host");
        }
        Set<String> tasks = runningTasks(hostnet);
        Set<String> containers = containers(hostnet);
        assertThat(tasks).hasSize(3);
        assertThat(containers).hasSize(3);

        TestProject.Run plan = hostnet.shipshape("plan");
        System.out.println("plan before adoption: " + plan);
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).contains("adopt db (" + hostnet.name + "_db matches the release", "adopt api (", "adopt web (")
                .doesNotContain("recreate", "create db");
        Instant before = Instant.now();
        TestProject.Run apply = hostnet.shipshape("apply");
        System.out.println("apply (adoption) took " + Duration.between(before, Instant.now()).toMillis() + " ms: " + apply);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("adopt web");
        for (String s : List.of("db", "api", "web")) {
            assertThat(label(hostnet, s, "dev.shipshape.managed")).isEqualTo("true");
            assertThat(label(hostnet, s, "dev.shipshape.version")).isEqualTo("1.0.0");
            assertThat(label(hostnet, s, "dev.shipshape.config-hash")).hasSize(64);
        }
        assertThat(runningTasks(hostnet)).as("no task replaced").isEqualTo(tasks);
        assertThat(containers(hostnet)).as("no container replaced").isEqualTo(containers);
        assertThat(SWARM.get(hostnet.webPort, "/index.html")).contains("1.0.0");
        TestProject.Run again = hostnet.shipshape("plan");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        TestProject.Run status = hostnet.shipshape("status");
        assertThat(status.out()).as(status.toString()).containsPattern(hostnet.name + "_web\\.1 +running +on " + SWARM.hostname(1));
        assertThat(hostnet.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.0.0");
    }

    @Test
    @Order(2)
    void theExportWithoutTheHostNetworkOnTheStacksOverlayNetworkIsReplacedOntoTheHostNetworkSayingWhy() throws Exception {
        Path compose = stackForm(export(overlay), false);
        System.out.println("stack deploy: " + SWARM.docker("stack", "deploy", "-c", compose.toString(), overlay.name));
        String network = overlay.name + "_default";
        // db needs nothing; api and web wait in vain for their peers on a 127.0.0.1 of their own and restart
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(lines(SWARM.docker("service", "ls", "--filter", "label=com.docker.stack.namespace=" + overlay.name,
                        "--format", "{{.Name}} {{.Replicas}}"))).contains(overlay.name + "_db 1/1").hasSize(3));
        assertThat(lines(SWARM.docker("network", "ls", "--format", "{{.Name}} {{.Driver}}"))).contains(network + " overlay");
        assertThat(SWARM.get(overlay.dbPort, "/health")).as("nothing reaches a task on the overlay network").isNull();
        Set<String> stackTasks = runningTasks(overlay);

        TestProject.Run plan = overlay.shipshape("plan");
        System.out.println("plan of the overlay stack: " + plan);
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).contains("recreate db (Swarm service " + overlay.name + "_db made by docker stack deploy on network "
                + network + ": replaced to run on the host network").doesNotContain("adopt");
        TestProject.Run apply = overlay.shipshape("apply");
        System.out.println("apply (overlay stack): " + apply);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("made by docker stack deploy on network " + network + ": replaced to run on the host network");
        assertThat(SWARM.get(overlay.webPort, "/index.html")).contains("1.0.0");
        assertThat(runningTasks(overlay)).as("every task replaced").doesNotContainAnyElementsOf(stackTasks).hasSize(3);
        assertThat(label(overlay, "db", "dev.shipshape.managed")).isEqualTo("true");
        assertThat(lines(SWARM.docker("network", "ls", "--format", "{{.Name}}"))).as("what stack deploy made is kept")
                .contains(network);
        TestProject.Run again = overlay.shipshape("plan");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        // the other project's adopted services were not touched by this one
        assertThat(hostnet.shipshape("plan").exitCode()).isZero();
    }
}
