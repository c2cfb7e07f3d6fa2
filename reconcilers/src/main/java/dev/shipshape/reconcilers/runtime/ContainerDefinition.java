package dev.shipshape.reconcilers.runtime;

import dev.shipshape.model.compose.HealthCheck;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a container is created with, independent of the engine's API: built by
 * {@code ContainerDefinitions} (pure, in reconcilers.containers), created by a {@link ContainerRuntime}. Every container runs
 * on the host network (the network rule: nothing but host networking, bound to what the release says).
 *
 * @param entrypoint  null: the image's
 * @param command     null: the image's
 * @param user        null: the image's
 * @param workingDir  null: the image's
 * @param stopTimeout null: the engine's default
 * @param healthcheck null: none
 * @param restart     a compose restart policy: no, always, unless-stopped, on-failure[:N]
 */
public record ContainerDefinition(String name, String image, Map<String, String> labels, List<String> environment,
                                  List<String> entrypoint, List<String> command, String user, String workingDir,
                                  Duration stopTimeout, HealthCheck healthcheck, List<Mount> mounts, String restart) {
    public ContainerDefinition {
        labels = Map.copyOf(labels);
        environment = List.copyOf(environment);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        command = command == null ? null : List.copyOf(command);
        mounts = List.copyOf(mounts);
    }

    /**
     * A named volume (source is the volume's name) or a bind of a host path (source is an absolute path).
     */
    public record Mount(Kind kind, String source, String target, boolean readOnly) {
        public enum Kind { VOLUME, BIND }
    }
}
