package dev.shipshape.model.swarm;

import dev.shipshape.model.compose.HealthCheck;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One service of a release as a Swarm service ({@code <project>_<service>}, the names {@code docker stack deploy}
 * gives): its image by digest so that every node runs the same bytes, the host network (shipshape creates no
 * overlay network), its named volumes (node-local: hence {@code constraints}), the export files it binds carried
 * as Swarm configs, and how many tasks run. Built by the pure {@link SwarmDefinitions}.
 *
 * @param image       {@code repository@sha256:…}
 * @param environment sorted, so that equal definitions hash equally
 * @param labels      the compose labels of the service's containers
 * @param dependsOn   the services this one starts after (the update order follows them)
 */
public record SwarmServiceDefinition(
        String project,
        String service,
        String image,
        List<String> entrypoint,
        List<String> command,
        Map<String, String> environment,
        HealthCheck healthcheck,
        List<Volume> volumes,
        List<CarriedFile> configs,
        String user,
        String workingDir,
        Duration stopGracePeriod,
        int replicas,
        List<String> constraints,
        Map<String, String> labels,
        List<String> dependsOn) {

    /** A named volume: Docker's volume {@code <project>_<source>} on the node the task runs on. */
    public record Volume(String source, String target, boolean readOnly) {
    }

    /**
     * A file of the export bound into the service, carried as the Swarm config {@code configName} — or, when it holds
     * a secret, as the Swarm secret of that name (Swarm keeps secrets encrypted and only on the nodes whose tasks use
     * them): the name holds a hash of the content, so a change makes a new one and rolls the service (neither can
     * change). {@link #toString()} never shows the content.
     */
    public record CarriedFile(String source, String target, String configName, String contentBase64, boolean secret) {
        public CarriedFile(String source, String target, String configName, String contentBase64) {
            this(source, target, configName, contentBase64, false);
        }

        @Override
        public String toString() {
            // part of the definition's config hash: the name carries the content's hash, the content stays out
            return "CarriedFile[source=" + source + ", target=" + target + ", configName=" + configName + ", secret=" + secret + "]";
        }
    }

    public SwarmServiceDefinition {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        command = command == null ? null : List.copyOf(command);
        environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
        volumes = List.copyOf(volumes);
        configs = List.copyOf(configs);
        constraints = List.copyOf(constraints);
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        dependsOn = List.copyOf(dependsOn);
    }

    /** The Swarm service's name. */
    public String name() {
        return project + "_" + service;
    }

    /** Whether the service keeps data in a named volume (and so runs on one node only). */
    public boolean stateful() {
        return !volumes.isEmpty();
    }

    /**
     * The sha256 of everything that makes the service, hex: the service label that tells an unchanged service
     * from one to update. Records print their components in a fixed order; maps and lists here are sorted or
     * ordered as the release wrote them.
     */
    public String configHash() {
        return dev.shipshape.model.config.ConfigHash.sha256(toString());
    }
}
