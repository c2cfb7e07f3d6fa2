package dev.shipshape.reconcilers.swarm;

import dev.shipshape.model.swarm.SwarmServiceDefinition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a Swarm service {@code docker stack deploy} made from the export ({@code <project>_<service>}, labelled
 * {@code com.docker.stack.namespace} but not by shipshape) is what shipshape would run, so it can be taken over by
 * a label-only update that replaces no task (pure: the deployer gathers what is compared). It matches when it runs
 * the same image (stack deploy pins {@code repository:tag@sha256:…}: the digest and repository count), environment,
 * entrypoint and arguments, replicas and named volumes, on the host network, and carries each file of the export
 * with the same bytes: as a Swarm config, or as a bind mount of that very file of the export folder (only on a
 * one-node swarm, whose node is this machine). Its placement constraints must include the release's, but for the
 * pin to the one node of a one-node swarm (every task runs there anyway). Anything else is not adopted: the
 * service is updated to the release as any drifted service (its tasks replaced), and {@link Verdict#reason} says why.
 */
public final class Adoption {
    private Adoption() {
    }

    /** @param reason for people: why it is adopted, or why it is replaced instead */
    public record Verdict(boolean adopt, String reason) {
    }

    /** A service of the project's stack that shipshape did not make (nor one of its jobs'). */
    public static boolean madeByStackDeploy(ObservedService o) {
        return !o.labels().containsKey(SwarmDeployer.MANAGED) && !o.labels().containsKey(SwarmDeployer.JOB);
    }

    /**
     * @param export the export folder of the project (absolute), whose files a bind mount must name; null: not known,
     *               a bind never matches
     * @param nodes  the swarm's node hostnames
     */
    public static Verdict judge(SwarmServiceDefinition def, ObservedService o, StackService s, Path export, List<String> nodes) {
        List<String> differs = new ArrayList<>();
        List<String> otherNetworks = s.networks().stream().filter(n -> !n.equals("host")).toList();
        if (s.networks().isEmpty()) {
            differs.add("no network (not the host network)");
        }
        if (!sameImage(def.image(), o.image())) {
            differs.add("image " + o.image() + " instead of " + def.image());
        }
        List<String> env = def.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
        if (!env.equals(o.env())) {
            // names only: values may be secrets
            Set<String> names = new HashSet<>(env);
            names.removeAll(o.env());
            Set<String> theirs = new HashSet<>(o.env());
            theirs.removeAll(env);
            differs.add("environment (" + varNames(names, theirs) + ")");
        }
        if (!orEmpty(def.command()).equals(o.args())) {
            differs.add("command");
        }
        if (!orEmpty(def.entrypoint()).equals(s.entrypoint())) {
            differs.add("entrypoint");
        }
        if (o.replicas() == null || o.replicas() != def.replicas()) {
            differs.add((o.replicas() == null ? "not a replicated service" : o.replicas() + " replicas") + " instead of " + def.replicas());
        }
        Set<String> volumes = def.volumes().stream().map(v -> def.project() + "_" + v.source() + ":" + v.target() + (v.readOnly() ? ":ro" : ""))
                .collect(Collectors.toSet());
        Set<String> theirVolumes = s.mounts().stream().filter(m -> m.type().equals("volume"))
                .map(m -> m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : "")).collect(Collectors.toSet());
        if (!volumes.equals(theirVolumes)) {
            differs.add("volumes " + sorted(theirVolumes) + " instead of " + sorted(volumes));
        }
        Set<String> targets = new HashSet<>();
        for (SwarmServiceDefinition.CarriedFile f : def.configs()) {
            targets.add(f.target());
            String problem = file(def, f, s, export, nodes);
            if (problem != null) {
                differs.add(problem);
            }
        }
        s.mounts().stream().filter(m -> !m.type().equals("volume") && !targets.contains(m.target()))
                .forEach(m -> differs.add("a " + m.type() + " mount at " + m.target() + " the release does not have"));
        s.files().stream().filter(c -> !targets.contains(c.target()))
                .forEach(c -> differs.add("a " + (c.secret() ? "secret" : "config") + " at " + c.target() + " the release does not have"));
        for (String c : def.constraints()) {
            boolean onlyNode = nodes.size() == 1 && c.equals("node.hostname==" + nodes.get(0));
            if (!onlyNode && !s.constraints().contains(c)) {
                differs.add("no placement constraint " + c);
            }
        }
        if (otherNetworks.isEmpty() && differs.isEmpty()) {
            return new Verdict(true, "made by docker stack deploy and matches the release: adopted, its tasks keep running");
        }
        if (!otherNetworks.isEmpty()) {
            return new Verdict(false, "made by docker stack deploy on network " + String.join(", ", otherNetworks)
                    + ": replaced to run on the host network" + (differs.isEmpty() ? "" : " (it also differs: " + String.join("; ", differs) + ")"));
        }
        return new Verdict(false, "made by docker stack deploy and differs from the release (" + String.join("; ", differs)
                + "): replaced by the release's service");
    }

    /** How the service carries one file of the export, or null when it carries the same bytes as the release. */
    private static String file(SwarmServiceDefinition def, SwarmServiceDefinition.CarriedFile f, StackService s, Path export,
            List<String> nodes) {
        byte[] wanted = Base64.getDecoder().decode(f.contentBase64());
        String shown = f.source();
        StackService.Carried carried = s.files().stream().filter(c -> c.target().equals(f.target())).findFirst().orElse(null);
        if (carried != null) {
            if (carried.secret()) {
                return shown + " as the secret " + carried.name() + ", whose content Swarm does not give back to compare";
            }
            return Arrays.equals(wanted, carried.content()) ? null : shown + " as the config " + carried.name() + " with other content";
        }
        StackService.Mount bind = s.mounts().stream().filter(m -> m.type().equals("bind") && m.target().equals(f.target()))
                .findFirst().orElse(null);
        if (bind == null) {
            return "no " + shown + " at " + f.target();
        }
        if (nodes.size() != 1) {
            return shown + " bound from " + bind.source() + ", which the other nodes do not have";
        }
        String rel = f.source().startsWith("./") ? f.source().substring(2) : f.source();
        if (export == null || !Path.of(bind.source()).normalize().equals(export.resolve(rel).normalize())) {
            return shown + " bound from " + bind.source() + ", not from the export folder"
                    + (export == null ? "" : " (" + export.resolve(rel).normalize() + ")");
        }
        if (bind.content() == null || !Arrays.equals(wanted, bind.content())) {
            return shown + " bound from " + bind.source() + " with other content than the release's";
        }
        return null;
    }

    /**
     * The same image: {@code repository@sha256:…} against what Swarm shows ({@code repository:tag@sha256:…} from
     * stack deploy or the CLI, or as written): the same repository and digest. Without a digest on either side, the
     * references must be equal.
     */
    public static boolean sameImage(String a, String b) {
        int atA = a.indexOf('@');
        int atB = b.indexOf('@');
        if (atA < 0 || atB < 0) {
            return a.equals(b);
        }
        return a.substring(atA).equals(b.substring(atB)) && repository(a.substring(0, atA)).equals(repository(b.substring(0, atB)));
    }

    /**
     * Without its tag (a registry's port is no tag), in Docker's short form: {@code docker.io/library/nginx} as Swarm
     * shows it, {@code nginx}.
     */
    private static String repository(String name) {
        int colon = name.lastIndexOf(':');
        String repository = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
        for (String hub : List.of("docker.io/", "index.docker.io/", "registry-1.docker.io/")) {
            if (repository.startsWith(hub)) {
                repository = repository.substring(hub.length());
                break;
            }
        }
        return repository.startsWith("library/") && repository.indexOf('/', "library/".length()) < 0
                ? repository.substring("library/".length()) : repository;
    }

    private static String varNames(Set<String> ours, Set<String> theirs) {
        Set<String> names = new java.util.TreeSet<>();
        ours.forEach(e -> names.add(e.substring(0, Math.max(0, e.indexOf('=')))));
        theirs.forEach(e -> names.add(e.indexOf('=') < 0 ? e : e.substring(0, e.indexOf('='))));
        return String.join(", ", names);
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
