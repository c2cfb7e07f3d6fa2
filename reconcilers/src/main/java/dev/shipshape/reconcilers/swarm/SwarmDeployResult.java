package dev.shipshape.reconcilers.swarm;

import java.util.List;
import java.util.Map;

/**
 * What converging a release into Swarm services came to, as a value.
 *
 * @param created   services created (absent before: new, or removed by hand)
 * @param updated   services whose spec changed (new version or configuration, or put back after a hand change)
 * @param unchanged services already as the release wants them
 * @param failure   the first service that did not converge, or null
 * @param adopted   services {@code docker stack deploy} made that match the release: taken over by their labels only
 * @param reasons   by service: why a service {@code docker stack deploy} made is adopted, or replaced instead
 */
public record SwarmDeployResult(List<String> created, List<String> updated, List<String> unchanged, Failed failure,
        List<String> adopted, Map<String, String> reasons) {
    public SwarmDeployResult {
        created = List.copyOf(created);
        updated = List.copyOf(updated);
        unchanged = List.copyOf(unchanged);
        adopted = adopted == null ? List.of() : List.copyOf(adopted);
        reasons = reasons == null ? Map.of() : Map.copyOf(reasons);
    }

    public SwarmDeployResult(List<String> created, List<String> updated, List<String> unchanged, Failed failure) {
        this(created, updated, unchanged, failure, List.of(), Map.of());
    }

    /**
     * @param service           the release's service name
     * @param reason            what Swarm or its tasks said, secret-free
     * @param rolledBackBySwarm whether Swarm rolled the service's update back itself (UpdateConfig failure action)
     */
    public record Failed(String service, String reason, boolean rolledBackBySwarm) {
    }

    /** Whether a service was created, updated or adopted (labelled). */
    public boolean changed() {
        return !created.isEmpty() || !updated.isEmpty() || !adopted.isEmpty();
    }
}
