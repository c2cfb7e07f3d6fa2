package dev.shipshape.reconcilers.swarm;

import java.util.List;

/**
 * What a Swarm service someone else made (with {@code docker stack deploy}) runs, beyond {@link ObservedService}: the
 * parts {@link Adoption} compares with the release before it takes the service over. Read only for such a service.
 *
 * @param entrypoint  {@code ContainerSpec.Command} (compose's {@code entrypoint}), empty when unset
 * @param networks    the names of the networks its tasks are attached to ({@code host} for the host network)
 * @param mounts      its volume and bind mounts
 * @param files       the Swarm configs and secrets given to its tasks as files
 * @param constraints its placement constraints
 */
public record StackService(List<String> entrypoint, List<String> networks, List<Mount> mounts, List<Carried> files,
        List<String> constraints) {
    public StackService {
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        networks = List.copyOf(networks);
        mounts = List.copyOf(mounts);
        files = List.copyOf(files);
        constraints = List.copyOf(constraints);
    }

    /**
     * @param type    {@code volume} or {@code bind} (others are compared as neither)
     * @param source  the volume's name, or the bind's path on the node
     * @param content a bind's source file as this machine has it (a regular file), else null
     */
    public record Mount(String type, String source, String target, boolean readOnly, byte[] content) {
        @Override
        public String toString() {
            return "Mount[" + type + " " + source + " at " + target + (readOnly ? " ro" : "") + "]";
        }
    }

    /**
     * @param secret  a Swarm secret (its content can't be read back), else a config
     * @param name    the config's or secret's name
     * @param target  where the task finds it ({@code File.Name})
     * @param content the config's data; null for a secret
     */
    public record Carried(boolean secret, String name, String target, byte[] content) {
        @Override
        public String toString() {
            return "Carried[" + (secret ? "secret " : "config ") + name + " at " + target + "]";
        }
    }
}
