package dev.shipshape.reconcilers.docker;

import dev.shipshape.reconcilers.runtime.AdoptionCheck;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.HostConfig;
import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.reconcilers.ProjectContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a container someone else created (docker compose, the manual runbook) with what the
 * release would create: image, command, environment, volumes, health check, restart policy,
 * network mode and labels. Used only for containers without shipshape's labels, so a converged
 * project costs no extra Docker call. Differences are named without values (they may be secrets).
 */
public final class ContainerComparison implements AdoptionCheck {
    private final DockerClient docker;

    public ContainerComparison(DockerClient docker) {
        this.docker = docker;
    }

    /** The first difference, or empty when the container is what the release would create. */
    @Override
    public Optional<String> difference(String containerId, ServiceSpec spec, ProjectContext project) {
        InspectContainerResponse c;
        try {
            c = docker.inspectContainerCmd(containerId).exec();
        } catch (NotFoundException gone) {
            return Optional.of("the container is gone");
        }
        ContainerConfig config = c.getConfig();
        HostConfig host = c.getHostConfig();
        if (!spec.image().equals(config.getImage())) {
            return Optional.of("image");
        }
        if (spec.command() != null && !spec.command().equals(list(config.getCmd()))) {
            return Optional.of("command");
        }
        if (spec.entrypoint() != null && !spec.entrypoint().equals(list(config.getEntrypoint()))) {
            return Optional.of("entrypoint");
        }
        Optional<String> env = environment(config, spec, c.getImageId());
        if (env.isPresent()) {
            return env;
        }
        if (!volumes(c, spec, project)) {
            return Optional.of("volumes");
        }
        if (!health(config.getHealthcheck(), spec.healthcheck())) {
            return Optional.of("healthcheck");
        }
        String restart = host == null || host.getRestartPolicy() == null ? "no" : host.getRestartPolicy().toString();
        if (!restartMatches(restart, spec.restart())) {
            return Optional.of("restart policy");
        }
        if (host == null || !"host".equals(host.getNetworkMode())) {
            return Optional.of("network mode");
        }
        Map<String, String> labels = config.getLabels() == null ? Map.of() : config.getLabels();
        for (Map.Entry<String, String> l : spec.labels().entrySet()) {
            if (!l.getValue().equals(labels.get(l.getKey()))) {
                return Optional.of("label " + l.getKey());
            }
        }
        if (spec.user() != null && !spec.user().equals(config.getUser())) {
            return Optional.of("user");
        }
        if (spec.workingDir() != null && !spec.workingDir().equals(config.getWorkingDir())) {
            return Optional.of("working_dir");
        }
        return Optional.empty();
    }

    /** The container's environment is the image's defaults plus the service's; nothing else, nothing different. */
    private Optional<String> environment(ContainerConfig config, ServiceSpec spec, String imageId) {
        Map<String, String> actual = env(config.getEnv());
        Map<String, String> defaults = new HashMap<>();
        try {
            defaults.putAll(env(docker.inspectImageCmd(imageId).exec().getConfig().getEnv()));
        } catch (NotFoundException | NullPointerException ignored) {
            // image gone or without config: only the service's own variables can be compared
        }
        for (Map.Entry<String, String> e : spec.environment().entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                return Optional.of("environment variable " + e.getKey());
            }
        }
        for (Map.Entry<String, String> e : actual.entrySet()) {
            if (!spec.environment().containsKey(e.getKey()) && !Objects.equals(defaults.get(e.getKey()), e.getValue())) {
                return Optional.of("environment variable " + e.getKey() + " (not in the release)");
            }
        }
        return Optional.empty();
    }

    private static boolean volumes(InspectContainerResponse c, ServiceSpec spec, ProjectContext project) {
        Set<String> actual = new HashSet<>();
        if (c.getMounts() != null) {
            for (InspectContainerResponse.Mount m : c.getMounts()) {
                String source = m.getName() != null && !m.getName().isEmpty() ? m.getName() : m.getSource();
                actual.add(source + ":" + (m.getDestination() == null ? "" : m.getDestination().getPath()) + ":" + m.getRW());
            }
        }
        Set<String> wanted = new HashSet<>();
        for (VolumeMount v : spec.volumes()) {
            String source = v.kind() == VolumeMount.Kind.NAMED ? v.dockerVolumeName(project.project())
                    : project.paths().export().resolve(v.source()).normalize().toString();
            wanted.add(source + ":" + v.target() + ":" + !v.readOnly());
        }
        return actual.equals(wanted);
    }

    private static boolean health(com.github.dockerjava.api.model.HealthCheck actual, HealthCheck wanted) {
        if (wanted == null) {
            return actual == null || actual.getTest() == null || actual.getTest().isEmpty();
        }
        return actual != null && wanted.test().equals(actual.getTest())
                && nanos(actual.getInterval()) == wanted.interval().toNanos()
                && nanos(actual.getTimeout()) == wanted.timeout().toNanos()
                && Objects.equals(actual.getRetries(), wanted.retries())
                && nanos(actual.getStartPeriod()) == wanted.startPeriod().toNanos();
    }

    private static boolean restartMatches(String actual, String wanted) {
        String a = actual.equals("") ? "no" : actual;
        return a.equals(wanted) || (a.startsWith(wanted + ":") && wanted.equals("on-failure"));
    }

    private static long nanos(Long value) {
        return value == null ? 0 : value;
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : new ArrayList<>(Arrays.asList(values));
    }

    private static Map<String, String> env(String[] entries) {
        Map<String, String> out = new HashMap<>();
        if (entries != null) {
            for (String e : entries) {
                int eq = e.indexOf('=');
                out.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
            }
        }
        return out;
    }
}
