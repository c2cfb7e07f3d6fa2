package dev.shipshape.reconcilers.swarm;

import java.util.List;

/**
 * What converging a release into Swarm services came to, as a value.
 *
 * @param created   services created (absent before: new, or removed by hand)
 * @param updated   services whose spec changed (new version or configuration, or put back after a hand change)
 * @param unchanged services already as the release wants them
 * @param failure   the first service that did not converge, or null
 */
public record SwarmDeployResult(List<String> created, List<String> updated, List<String> unchanged, Failed failure) {
    public SwarmDeployResult {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        unchanged = List.copyOf(unchanged);
    }

    /**
     * @param service           the release's service name
     * @param reason            what Swarm or its tasks said, secret-free
     * @param rolledBackBySwarm whether Swarm rolled the service's update back itself (UpdateConfig failure action)
     */
    public record Failed(String service, String reason, boolean rolledBackBySwarm) {
    }

    public boolean changed() {
        return !created.isEmpty() || !updated.isEmpty();
    }
}
