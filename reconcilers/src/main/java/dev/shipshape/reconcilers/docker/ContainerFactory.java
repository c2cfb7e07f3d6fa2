package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates (does not start) the container of a service the way docker compose would: same name,
 * same labels, named volumes {@code <project>_<volume>}. Volumes are created when missing and
 * never removed.
 */
public final class ContainerFactory {
    private final DockerClient docker;

    public ContainerFactory(DockerClient docker) {
        this.docker = docker;
    }

    /** @return the new container's id */
    public String create(ProjectContext project, ServiceSpec spec, String configHash, Version version) {
        return create(project, spec, configHash, version, spec.containerName(project.project()));
    }

    /**
     * Creates the container under another name than the service's own: the replacement of a running
     * container, created while the old one still holds the name.
     *
     * @return the new container's id
     */
    public String create(ProjectContext project, ServiceSpec spec, String configHash, Version version, String name) {
        ensureVolumes(project, spec);
        CreateContainerCmd cmd = docker.createContainerCmd(spec.image())
                .withName(name)
                .withLabels(labels(project, spec, configHash, version))
                .withEnv(spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode("host")
                        .withBinds(binds(project, spec))
                        .withRestartPolicy(RestartPolicy.parse(spec.restart())));
        if (spec.entrypoint() != null) {
            cmd.withEntrypoint(spec.entrypoint());
        }
        if (spec.command() != null) {
            cmd.withCmd(spec.command());
        }
        if (spec.user() != null) {
            cmd.withUser(spec.user());
        }
        if (spec.workingDir() != null) {
            cmd.withWorkingDir(spec.workingDir());
        }
        if (spec.stopGracePeriod() != null) {
            cmd.withStopTimeout((int) Math.max(1, spec.stopGracePeriod().toSeconds()));
        }
        HealthCheck h = spec.healthcheck();
        if (h != null) {
            cmd.withHealthcheck(new com.github.dockerjava.api.model.HealthCheck()
                    .withTest(h.test())
                    .withInterval(h.interval().toNanos())
                    .withTimeout(h.timeout().toNanos())
                    .withRetries(h.retries())
                    .withStartPeriod(h.startPeriod().toNanos()));
        }
        try {
            return cmd.exec().getId();
        } catch (ConflictException e) {
            return leftByAnEarlierAttempt(project, spec, configHash, name).orElseThrow(() -> new ReconcileException(
                    "a container named " + name + " already exists and is not the one shipshape expected; if it is not"
                            + " part of project " + project.project() + ", rename or remove it, then apply again", false, e));
        } catch (NotFoundException e) {
            throw new ReconcileException("image " + spec.image() + " of service " + spec.name()
                    + " is not on this host; it should have been pulled first. Apply again to pull it.", true, e);
        }
    }

    /**
     * The container named {@code name} when an earlier attempt at this very create made it: same project,
     * service and configuration. A retry after that attempt failed later on (its health wait saw the
     * container stopped by Docker, say) takes it over instead of failing on the name.
     */
    private Optional<String> leftByAnEarlierAttempt(ProjectContext project, ServiceSpec spec, String configHash, String name) {
        try {
            var existing = docker.inspectContainerCmd(name).exec();
            Map<String, String> labels = existing.getConfig() == null || existing.getConfig().getLabels() == null
                    ? Map.of() : existing.getConfig().getLabels();
            boolean same = project.project().equals(labels.get(Labels.PROJECT)) && spec.name().equals(labels.get(Labels.SERVICE))
                    && configHash.equals(labels.get(Labels.CONFIG_HASH));
            return same ? Optional.of(existing.getId()) : Optional.empty();
        } catch (NotFoundException gone) {
            return Optional.empty();
        }
    }

    private Map<String, String> labels(ProjectContext project, ServiceSpec spec, String configHash, Version version) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.PROJECT, project.project());
        labels.put(Labels.SERVICE, spec.name());
        labels.put(Labels.CONTAINER_NUMBER, "1");
        labels.put(Labels.ONEOFF, "False");
        labels.put(Labels.WORKING_DIR, project.paths().export().toString());
        labels.put(Labels.CONFIG_FILES, project.paths().export().resolve("compose.yaml").toString());
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.VERSION, version.toString());
        labels.put(Labels.CONFIG_HASH, configHash);
        return labels;
    }

    /** The mounts of a service (named volumes and binds into the export); also used for its one-shot jobs. */
    List<Bind> binds(ProjectContext project, ServiceSpec spec) {
        List<Bind> binds = new ArrayList<>();
        for (VolumeMount v : spec.volumes()) {
            String source;
            if (v.kind() == VolumeMount.Kind.NAMED) {
                source = v.dockerVolumeName(project.project());
            } else {
                Path p = project.paths().export().resolve(v.source()).normalize();
                if (!p.startsWith(project.paths().export()) || !Files.exists(p)) {
                    throw new ReconcileException("service " + spec.name() + " mounts ./" + v.source()
                            + ", which the export does not contain; fix the release's compose template", false);
                }
                source = p.toString();
            }
            binds.add(new Bind(source, new Volume(v.target()), v.readOnly() ? AccessMode.ro : AccessMode.rw));
        }
        return binds;
    }

    /** Creates the missing named volumes of a service; never removes any. Also used for its one-shot jobs. */
    void ensureVolumes(ProjectContext project, ServiceSpec spec) {
        for (VolumeMount v : spec.volumes()) {
            if (v.kind() != VolumeMount.Kind.NAMED) {
                continue;
            }
            String name = v.dockerVolumeName(project.project());
            try {
                docker.inspectVolumeCmd(name).exec();
            } catch (NotFoundException missing) {
                docker.createVolumeCmd().withName(name)
                        .withLabels(Map.of(Labels.PROJECT, project.project(), Labels.VOLUME, v.source(), Labels.MANAGED, "true"))
                        .exec();
            }
        }
    }
}
