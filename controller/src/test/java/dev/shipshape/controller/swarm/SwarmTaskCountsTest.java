package dev.shipshape.controller.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.reconcilers.swarm.ObservedService;
import dev.shipshape.reconcilers.swarm.ObservedTask;
import dev.shipshape.reconcilers.swarm.SwarmDeployer;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SwarmTaskCountsTest {
    static ObservedService service(int replicas) {
        return new ObservedService("s1", "shop_web", 3, Map.of(SwarmDeployer.VERSION, "1.1.0"), "web@sha256:1", replicas, List.of(),
                List.of(), null, null);
    }

    static ObservedTask task(String id, int slot, String node, String state, String desired, String error, String at) {
        return new ObservedTask(id, "s1", slot, node, "h", state, desired, error, at);
    }

    @Test
    void theCurrentTasksBySlotWithTheSchedulersReasonForOneThatFindsNoNode() {
        SwarmTaskCounts.Counts c = SwarmTaskCounts.counts(service(3), List.of(
                task("t3", 3, "", "pending", "running", "no suitable node (1 node not available for new tasks)", "3"),
                task("t2", 2, "node-2", "running", "running", "", "2"),
                task("t1", 1, "node-1", "running", "running", "", "1"),
                task("t0", 1, "node-3", "shutdown", "shutdown", "", "0")));
        assertThat(c.desired()).isEqualTo(3);
        assertThat(c.running()).isEqualTo(2);
        assertThat(c.version()).isEqualTo("1.1.0");
        assertThat(c.tasks()).containsExactly(
                new SwarmTaskCounts.Task(1, "node-1", "running", "running", null),
                new SwarmTaskCounts.Task(2, "node-2", "running", "running", null),
                new SwarmTaskCounts.Task(3, "", "pending", "running", "no suitable node (1 node not available for new tasks)"));
    }

    @Test
    void aServiceShortOfTasksShowsTheNewestTaskThatFailedWithAnError() {
        SwarmTaskCounts.Counts c = SwarmTaskCounts.counts(service(1), List.of(
                task("t2", 1, "node-1", "preparing", "running", "", "2"),
                task("t1", 1, "node-1", "rejected", "shutdown", "No such image: web@sha256:1", "1")));
        assertThat(c.running()).isZero();
        assertThat(c.tasks()).containsExactly(
                new SwarmTaskCounts.Task(1, "node-1", "preparing", "running", null),
                new SwarmTaskCounts.Task(1, "node-1", "rejected", "shutdown", "No such image: web@sha256:1"));
    }
}
