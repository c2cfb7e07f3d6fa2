package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.runtime.ContainerDefinition;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.Labels;
import dev.shipshape.reconcilers.runtime.NameTakenException;
import dev.shipshape.reconcilers.runtime.NoSuchImageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Creates (does not start) the container of a service, as {@link ContainerDefinitions} defines it,
 * after checking that what it binds from the export is there. Volumes are created when missing and
 * never removed.
 */
public final class ContainerFactory {
    private final ContainerRuntime runtime;

    public ContainerFactory(ContainerRuntime runtime) {
        this.runtime = runtime;
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
        ContainerDefinition definition = definitions(project).service(spec, configHash, version, name);
        prepare(project, spec);
        try {
            return runtime.create(definition);
        } catch (NameTakenException e) {
            return leftByAnEarlierAttempt(project, spec, configHash, name).orElseThrow(() -> new ReconcileException(
                    "a container named " + name + " already exists and is not the one shipshape expected; if it is not"
                            + " part of project " + project.project() + ", rename or remove it, then apply again", false, e));
        } catch (NoSuchImageException e) {
            throw new ReconcileException("image " + spec.image() + " of service " + spec.name()
                    + " is not on this host; it should have been pulled first. Apply again to pull it.", true, e);
        }
    }

    static ContainerDefinitions definitions(ProjectContext project) {
        return new ContainerDefinitions(project.project(), project.paths().export());
    }

    /**
     * The container named {@code name} when an earlier attempt at this very create made it: same project,
     * service and configuration. A retry after that attempt failed later on (its health wait saw the
     * container stopped by Docker, say) takes it over instead of failing on the name.
     */
    private Optional<String> leftByAnEarlierAttempt(ProjectContext project, ServiceSpec spec, String configHash, String name) {
        return runtime.inspect(name).filter(existing -> {
            Map<String, String> labels = existing.labels();
            return project.project().equals(labels.get(Labels.PROJECT)) && spec.name().equals(labels.get(Labels.SERVICE))
                    && configHash.equals(labels.get(Labels.CONFIG_HASH));
        }).map(ContainerInfo::id);
    }

    /**
     * Before a service's (or its job's) container is created: what it binds from the export must be
     * there, and its missing named volumes are created (never removed).
     */
    void prepare(ProjectContext project, ServiceSpec spec) {
        for (VolumeMount v : spec.volumes()) {
            if (v.kind() == VolumeMount.Kind.BIND) {
                Path p = project.paths().export().resolve(v.source()).normalize();
                if (!Files.exists(p)) {
                    throw ContainerDefinitions.missingBind(spec, v);
                }
            }
        }
        definitions(project).volumes(spec).forEach((name, labels) -> {
            if (!runtime.volumeExists(name)) {
                runtime.createVolume(name, labels);
            }
        });
    }
}
