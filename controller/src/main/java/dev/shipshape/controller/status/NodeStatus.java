package dev.shipshape.controller.status;

import dev.shipshape.controller.swarm.SwarmTaskCounts;

import java.util.List;

/**
 * One node of the swarm as the last pass found it ({@code runtime: swarm} only): whether Swarm may place tasks on it
 * and whether it is up. A drained node ({@code docker node update --availability drain}) shows {@code drain}, and no
 * task of the project runs on it any more.
 *
 * @param node         the node's hostname (its name in the swarm)
 * @param availability {@code active}, {@code pause} or {@code drain}
 * @param state        {@code ready}, {@code down}, {@code disconnected} or {@code unknown}
 * @param role         {@code manager} or {@code worker}
 */
public record NodeStatus(String node, String availability, String state, String role) {
    public static List<NodeStatus> of(List<SwarmTaskCounts.Node> nodes) {
        return nodes.stream().map(n -> new NodeStatus(n.hostname(), n.availability(), n.state(), n.manager() ? "manager" : "worker"))
                .toList();
    }
}
