package dev.shipshape.controller.status;

import dev.shipshape.controller.ManualClock;
import dev.shipshape.controller.swarm.SwarmTaskCounts;
import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceStatusTest {
    @TempDir
    Path dir;

    static final List<ObservedContainer> FOUND = List.of(
            new ObservedContainer("c2", "shop-web-1", "web", "web:1", "sha256:2", "h", "1.1.0",
                    ContainerState.RUNNING, Health.HEALTHY, true).withUptime("3 minutes"),
            new ObservedContainer("c1", "shop-db-1", "db", "db:1", "sha256:1", "h", "1.0.0",
                    ContainerState.EXITED, Health.NONE, true),
            new ObservedContainer("c3", "stray", null, "x", "sha256:3", null, null,
                    ContainerState.CREATED, Health.NONE, false));

    @Test
    void aContainerIsItsNamesDockersWordsAndItsVersionSortedByService() {
        assertThat(ServiceStatus.of(FOUND)).containsExactly(
                new ServiceStatus(null, "stray", "created", "none", null, null),
                new ServiceStatus("db", "shop-db-1", "exited", "none", "1.0.0", null),
                new ServiceStatus("web", "shop-web-1", "running", "healthy", "1.1.0", "3 minutes"));
    }

    @Test
    void theTrackerPublishesAndPersistsThemOnlyWhenTheyChange() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
        Path projectDir = StatusFixtures.desired(dir, "1.0.0").projectDir();
        StatusTracker tracker = new StatusTracker("spacetech", projectDir, clock);

        tracker.services(ServiceStatus.of(FOUND));
        ServerStatus first = tracker.snapshot();
        assertThat(first.services()).hasSize(3);
        assertThat(StatusJson.read(StatusJson.write(first)).services()).isEqualTo(first.services());
        assertThat(StatusFile.read(projectDir)).hasValueSatisfying(s -> assertThat(s.services()).hasSize(3));

        clock.advance(Duration.ofMinutes(1));
        tracker.services(ServiceStatus.of(FOUND));
        assertThat(tracker.snapshot().updatedAt()).isEqualTo(first.updatedAt());
    }

    @Test
    void aStatusFileWithoutServicesReadsAsNone() throws Exception {
        ServerStatus s = StatusJson.read("{\"project\":\"shop\",\"updatedAt\":\"2024-05-01T10:00:00Z\"}");
        assertThat(s.services()).isEmpty();
    }

    @Test
    void onASwarmEachTaskIsARowWithItsNodeStateAndErrorAndTheServicesTaskCounts() throws Exception {
        Map<String, SwarmTaskCounts.Counts> swarm = Map.of(
                "web", new SwarmTaskCounts.Counts(3, 2, "1.1.0", List.of(
                        new SwarmTaskCounts.Task(1, "node-1", "running", "running", null),
                        new SwarmTaskCounts.Task(2, "node-3", "running", "running", null),
                        new SwarmTaskCounts.Task(3, "", "pending", "running", "no suitable node (max replicas per node limit exceed)"))),
                "db", new SwarmTaskCounts.Counts(1, 0, "1.1.0", List.of()));
        List<ServiceStatus> rows = ServiceStatus.ofSwarm("shop", swarm);
        assertThat(rows).containsExactly(
                new ServiceStatus("db", "shop_db", "no task", "-", "1.1.0", null, "", 1, 0, null),
                new ServiceStatus("web", "shop_web.1", "running", "-", "1.1.0", null, "node-1", 3, 2, null),
                new ServiceStatus("web", "shop_web.2", "running", "-", "1.1.0", null, "node-3", 3, 2, null),
                new ServiceStatus("web", "shop_web.3", "pending", "-", "1.1.0", null, "", 3, 2,
                        "no suitable node (max replicas per node limit exceed)"));

        ServerStatus status = new ServerStatus("shop", null, null, null, null, List.of(), null, List.of(), null,
                Instant.parse("2024-05-01T10:00:00Z"), List.of(), List.of(), rows);
        String json = StatusJson.write(status);
        assertThat(StatusJson.read(json).services()).isEqualTo(rows);
        assertThat(StatusJson.write(new ServerStatus("shop", null, null, null, null, List.of(), null, List.of(), null,
                Instant.parse("2024-05-01T10:00:00Z"), List.of(), List.of(), ServiceStatus.of(FOUND))))
                .as("one host's rows keep their fields").doesNotContain("\"node\"", "desiredTasks", "\"error\"");
    }

    @Test
    void onASwarmTheStatusListsTheNodesWithADrainedOneAndOneHostWritesNoNodes() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
        Path projectDir = StatusFixtures.desired(dir, "1.0.0").projectDir();
        StatusTracker tracker = new StatusTracker("shop", projectDir, clock);
        List<NodeStatus> nodes = NodeStatus.of(List.of(new SwarmTaskCounts.Node("node-1", "active", "ready", true),
                new SwarmTaskCounts.Node("node-2", "drain", "ready", false)));
        assertThat(nodes).containsExactly(new NodeStatus("node-1", "active", "ready", "manager"),
                new NodeStatus("node-2", "drain", "ready", "worker"));
        tracker.swarm(ServiceStatus.ofSwarm("shop", Map.of("web", new SwarmTaskCounts.Counts(1, 1, "1.0.0",
                List.of(new SwarmTaskCounts.Task(1, "node-1", "running", "running", null))))), nodes);
        ServerStatus written = StatusFile.read(projectDir).orElseThrow();
        assertThat(written.nodes()).isEqualTo(nodes);
        assertThat(StatusFile.readText(projectDir).orElseThrow()).contains("\"availability\" : \"drain\"");
        assertThat(StatusJson.write(new ServerStatus("shop", null, null, null, null, List.of(), null, List.of(), null,
                Instant.parse("2024-05-01T10:00:00Z"), List.of(), List.of(), ServiceStatus.of(FOUND))))
                .as("one host has no nodes").doesNotContain("\"nodes\"");
    }
}
