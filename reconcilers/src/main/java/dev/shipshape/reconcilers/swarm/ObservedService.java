package dev.shipshape.reconcilers.swarm;

import java.util.List;
import java.util.Map;

/**
 * A Swarm service as the manager reports it: the fields convergence compares and follows.
 *
 * @param versionIndex Swarm's object version, needed to update the spec
 * @param updateState  {@code UpdateStatus.State} (updating, completed, paused, rollback_started, rollback_completed,
 *                     rollback_paused) or null when the service was never updated
 * @param env          the spec's environment, {@code KEY=value}, sorted
 */
public record ObservedService(String id, String name, long versionIndex, Map<String, String> labels, String image,
        Integer replicas, List<String> env, List<String> args, String updateState, String updateMessage) {
    public ObservedService {
        labels = Map.copyOf(labels);
        env = env == null ? List.of() : env.stream().sorted().toList();
        args = args == null ? List.of() : List.copyOf(args);
    }
}
