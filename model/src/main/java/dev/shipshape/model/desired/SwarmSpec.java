package dev.shipshape.model.desired;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code spec.swarm}: what a swarm needs that one host does not. {@code replicas} scales stateless services
 * (default 1 each); {@code placement} pins a service to a node: a node name ({@code node-2}) or a constraint
 * as Swarm writes them ({@code node.labels.disk==ssd}). A service with a named volume must be pinned on a swarm
 * of several nodes, because its data lives on one node.
 */
public record SwarmSpec(Map<String, Integer> replicas, Map<String, String> placement) {
    public static final SwarmSpec NONE = new SwarmSpec(Map.of(), Map.of());
    /** At most this many replicas of one service: each binds the host's ports on its own node. */
    public static final int MAX_REPLICAS = 100;

    public SwarmSpec {
        replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas == null ? Map.of() : replicas));
        placement = Collections.unmodifiableSortedMap(new TreeMap<>(placement == null ? Map.of() : placement));
    }

    public int replicasOf(String service) {
        return replicas.getOrDefault(service, 1);
    }

    /**
     * The Swarm placement constraint a placement value stands for: a value holding an operator ({@code ==} or
     * {@code !=}) is a constraint already; anything else is a node name.
     */
    public static String constraint(String placement) {
        return placement.contains("==") || placement.contains("!=") ? placement : "node.hostname==" + placement;
    }

    static int checkReplicas(String service, String text) {
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new dev.shipshape.model.FieldException("", "replicas of service '" + service + "' must be a whole number"
                    + " from 0 to " + MAX_REPLICAS + ", not '" + text + "'");
        }
        if (n < 0 || n > MAX_REPLICAS) {
            throw new dev.shipshape.model.FieldException("", "replicas of service '" + service + "' must be from 0 to "
                    + MAX_REPLICAS + ", not " + n);
        }
        return n;
    }

    static String checkPlacement(String service, String text) {
        if (text.isBlank() || text.chars().anyMatch(c -> c < 0x20)) {
            throw new dev.shipshape.model.FieldException("", "placement of service '" + service + "' must name a node"
                    + " (node-2) or be a constraint (node.labels.disk==ssd)");
        }
        return text;
    }
}
