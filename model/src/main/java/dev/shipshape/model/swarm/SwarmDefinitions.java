package dev.shipshape.model.swarm;

import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.model.desired.SwarmSpec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * From the exported compose project to the Swarm services that run it (pure). Everything the swarm can't carry
 * is refused here, all reasons at once, before anything changes:
 * <ul>
 *   <li>a bind of a folder, or of a path that is not a file of the export (only files travel, as Swarm configs);</li>
 *   <li>a stateful service (a named volume) without {@code spec.swarm.placement} on a swarm of several nodes: its
 *   data lives on one node, so it must be pinned there (a one-node swarm pins it to that node);</li>
 *   <li>more than one replica of a stateful service, or replicas/placement of services the release doesn't have;</li>
 *   <li>a network mode other than host (shipshape creates no network).</li>
 * </ul>
 */
public final class SwarmDefinitions {
    /** Swarm refuses config names longer than this. */
    static final int MAX_CONFIG_NAME = 64;

    private SwarmDefinitions() {
    }

    /**
     * @param images     each service's image as {@code repository@sha256:…}, resolved once before anything changes
     * @param exportFile a file of the export by its path relative to the export folder; empty when it is no regular file
     * @param nodes      the hostnames of the swarm's nodes
     * @return the services in the order they start (every service after those it depends on)
     */
    public static List<SwarmServiceDefinition> define(String project, ComposeProject compose, Map<String, String> images,
            Function<String, Optional<byte[]>> exportFile, SwarmSpec swarm, List<String> nodes) {
        return define(project, compose, images, exportFile, content -> false, swarm, nodes);
    }

    /**
     * @param holdsSecret whether a file of the export holds a secret (it is then carried as a Swarm secret, not a
     *                    config)
     */
    public static List<SwarmServiceDefinition> define(String project, ComposeProject compose, Map<String, String> images,
            Function<String, Optional<byte[]>> exportFile, Predicate<byte[]> holdsSecret, SwarmSpec swarm, List<String> nodes) {
        List<String> reasons = new ArrayList<>();
        for (String s : swarm.replicas().keySet()) {
            if (!compose.services().containsKey(s)) {
                reasons.add("spec.swarm.replicas names '" + s + "', which the release has no service of; remove it");
            }
        }
        for (String s : swarm.placement().keySet()) {
            if (!compose.services().containsKey(s)) {
                reasons.add("spec.swarm.placement names '" + s + "', which the release has no service of; remove it");
            }
        }
        List<SwarmServiceDefinition> defs = new ArrayList<>();
        for (ServiceSpec s : compose.startOrder()) {
            List<SwarmServiceDefinition.Volume> volumes = new ArrayList<>();
            List<SwarmServiceDefinition.CarriedFile> configs = new ArrayList<>();
            for (VolumeMount v : s.volumes()) {
                if (v.kind() == VolumeMount.Kind.NAMED) {
                    volumes.add(new SwarmServiceDefinition.Volume(v.source(), v.target(), v.readOnly()));
                    continue;
                }
                String rel = v.source().startsWith("./") ? v.source().substring(2) : v.source();
                Optional<byte[]> content = v.source().startsWith("/") ? Optional.empty() : exportFile.apply(rel);
                if (content.isEmpty()) {
                    String shown = v.source().startsWith("/") || v.source().startsWith("./") ? v.source() : "./" + v.source();
                    reasons.add("service '" + s.name() + "' binds " + shown + ", which is not a file of the export: on a swarm"
                            + " only files of the export travel to other nodes (as Swarm configs); bind single files, or keep"
                            + " the data in a named volume with a placement");
                    continue;
                }
                configs.add(new SwarmServiceDefinition.CarriedFile(v.source(), v.target(),
                        configName(project, s.name(), rel, content.get()), Base64.getEncoder().encodeToString(content.get()),
                        holdsSecret.test(content.get())));
            }
            if (s.networkMode() != null && !s.networkMode().equals("host")) {
                reasons.add("service '" + s.name() + "' has network_mode " + s.networkMode() + ": on a swarm services use the host"
                        + " network (shipshape creates no network); write network_mode: host");
            }
            int replicas = swarm.replicasOf(s.name());
            List<String> constraints = new ArrayList<>();
            String placement = swarm.placement().get(s.name());
            if (placement != null) {
                constraints.add(SwarmSpec.constraint(placement));
            }
            if (!volumes.isEmpty()) {
                if (replicas > 1) {
                    reasons.add("service '" + s.name() + "' keeps data in a named volume, which lives on one node: it runs one"
                            + " task; remove spec.swarm.replicas." + s.name());
                }
                if (placement == null && nodes.size() == 1) {
                    constraints.add("node.hostname==" + nodes.get(0));
                } else if (placement == null) {
                    reasons.add("service '" + s.name() + "' keeps data in a named volume, which lives on one node, and the swarm"
                            + " has " + nodes.size() + " nodes: pin it with spec.swarm.placement." + s.name() + ": <node name>"
                            + " (one of " + String.join(", ", nodes) + ") or a node label constraint");
                }
            }
            String image = images.get(s.name());
            if (image == null) {
                throw new IllegalArgumentException("no resolved image for service " + s.name());
            }
            defs.add(new SwarmServiceDefinition(project, s.name(), image, s.entrypoint(), s.command(), s.environment(),
                    s.healthcheck(), volumes, configs, s.user(), s.workingDir(), s.stopGracePeriod(), replicas, constraints,
                    s.labels(), s.dependencyNames()));
        }
        if (!reasons.isEmpty()) {
            throw new SwarmRefusedException(reasons);
        }
        return List.copyOf(defs);
    }

    /**
     * {@code <project>_<service>_<file>-<12 hex of sha256(content)>}, cut to Swarm's 64 characters from the left of
     * the readable part: the hash stays whole, so two contents never share a name.
     */
    static String configName(String project, String service, String relativePath, byte[] content) {
        String hash = dev.shipshape.model.config.ConfigHash.sha256(content).substring(0, 12);
        String readable = (project + "_" + service + "_" + relativePath).replaceAll("[^a-zA-Z0-9_.-]", "_");
        int room = MAX_CONFIG_NAME - hash.length() - 1;
        if (readable.length() > room) {
            readable = readable.substring(0, room);
        }
        return readable + "-" + hash;
    }


}
