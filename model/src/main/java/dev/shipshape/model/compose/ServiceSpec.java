package dev.shipshape.model.compose;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One service of the exported compose file, in the subset of compose shipshape runs. Maps are
 * sorted so that equal specs hash equally whatever order the template wrote them in.
 */
public record ServiceSpec(
        String name,
        String image,
        List<String> entrypoint,
        List<String> command,
        Map<String, String> environment,
        List<VolumeMount> volumes,
        HealthCheck healthcheck,
        List<DependsOn> dependsOn,
        String restart,
        Map<String, String> labels,
        String networkMode,
        String user,
        String workingDir,
        Duration stopGracePeriod) {

    public ServiceSpec {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        command = command == null ? null : List.copyOf(command);
        environment = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(environment == null ? Map.of() : environment));
        volumes = List.copyOf(volumes == null ? List.of() : volumes);
        dependsOn = List.copyOf(dependsOn == null ? List.of() : dependsOn);
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
        restart = restart == null ? "no" : restart;
    }

    public List<String> dependencyNames() {
        return dependsOn.stream().map(DependsOn::service).toList();
    }

    /** Compose's container name for the first (and, here, only) replica. */
    public String containerName(String project) {
        return project + "-" + name + "-1";
    }
}
