package dev.shipshape.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code shipshape run} with {@code spec.runtime: swarm} on a one-node swarm in a network namespace: the controller
 * installs the example as Swarm services, and a service removed by hand comes back.
 */
class SwarmRunIT {
    @RegisterExtension
    @Order(1)
    static final SwarmNamespace SWARM = new SwarmNamespace();

    @RegisterExtension
    @Order(2)
    static final RunningController running = RunningController.builder().desired(null)
            .beforeStart(f -> f.project().writeDesired("1.0.0", "", "", "  runtime: swarm\n"))
            .resync(Duration.ofSeconds(5)).readyWithin(Duration.ofSeconds(120)).build();

    @Test
    void installsAndPutsBackAServiceRemovedByHand() throws Exception {
        TestProject project = running.project();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(SWARM.get(project.webPort, "/index.html")).contains("1.0.0"));
        // /metrics: desired and running tasks per service, as the last pass counted them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tasks(running.get("/metrics").body()))
                .contains("service=\"web\",state=\"desired\" 1.0", "service=\"web\",state=\"running\" 1.0",
                        "service=\"db\",state=\"running\" 1.0", "service=\"api\",state=\"running\" 1.0"));
        // /status: the Swarm services' tasks with their node, not this host's containers
        String node = SWARM.docker("node", "ls", "--format", "{{.Hostname}}").strip();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                dev.shipshape.controller.status.StatusJson.read(running.get("/status").body()).services())
                .filteredOn(c -> "web".equals(c.service())).singleElement().satisfies(c -> {
                    assertThat(c.container()).isEqualTo(project.name + "_web.1");
                    assertThat(c.node()).isEqualTo(node);
                    assertThat(c.state()).isEqualTo("running");
                    assertThat(c.desiredTasks()).isEqualTo(1);
                    assertThat(c.runningTasks()).isEqualTo(1);
                }));
        assertThat(SWARM.docker("service", "rm", project.name + "_web")).contains(project.name + "_web");
        // `service rm` returns before the task's container is gone: first see web down, then see it back
        await().alias("the removed web service stops").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> SWARM.get(project.webPort, "/index.html") == null);
        await().alias("the removed web service serves again").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(SWARM.get(project.webPort, "/index.html")).contains("1.0.0"));
        assertThat(SWARM.docker("service", "ls", "--format", "{{.Name}}")).contains(project.name + "_web");
        assertThat(project.containerIds()).as("nothing on the test engine").isEmpty();
    }

    /** The shipshape_swarm_tasks series, one per line, as {@code service="web",state="running" 1.0}. */
    static java.util.List<String> tasks(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("shipshape_swarm_tasks{"))
                .map(l -> l.substring(l.indexOf('{') + 1).replace(",}", "").replace("}", "")).toList();
    }
}
