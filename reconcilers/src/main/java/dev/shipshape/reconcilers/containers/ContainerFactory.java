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
 * never removed; an existing one is used only when it is this project's (its project label).
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
            Optional<Map<String, String>> existing = runtime.volumeLabels(name);
            if (existing.isEmpty()) {
                runtime.createVolume(name, labels);
            } else {
                checkOwner(project.project(), spec, name, labels.get(Labels.VOLUME), existing.get());
            }
        });
    }

    /**
     * An existing volume is mounted only when its project label names this project. The name alone does
     * not say whose it is: project and volume names may both hold '_', so {@code shop} + {@code db_data}
     * and {@code shop_db} + {@code data} are both {@code shop_db_data}. Every volume shipshape or docker
     * compose (the runbook) makes carries the label, so one without it was made by hand and is not
     * taken either.
     */
    static void checkOwner(String project, ServiceSpec spec, String name, String volume, Map<String, String> labels) {
        String owner = labels.get(Labels.PROJECT);
        if (project.equals(owner)) {
            return;
        }
        String whose = owner == null
                ? "has no " + Labels.PROJECT + " label, so neither shipshape nor docker compose made it for project "
                        + project + " (it was made by hand or by another tool)"
                : "belongs to project " + owner + " (label " + Labels.PROJECT + "=" + owner + ")";
        throw new ReconcileException("volume " + name + " (volume " + volume + " of service " + spec.name()
                + " in project " + project + ") " + whose + "; shipshape does not mount it. If it is another project's,"
                + " rename project " + project + " or the volume in the release so the names differ; if it does hold"
                + " this project's data, copy the data into a volume created with --label " + Labels.PROJECT + "="
                + project + " --label " + Labels.VOLUME + "=" + volume + " under the name " + name
                + " (docker cannot relabel a volume; see docs/upgrades.md, Named volumes)", false);
    }
}
