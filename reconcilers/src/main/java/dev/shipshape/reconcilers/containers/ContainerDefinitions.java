package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.runtime.ContainerDefinition;
import dev.shipshape.reconcilers.runtime.ContainerDefinition.Mount;
import dev.shipshape.reconcilers.runtime.Labels;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the definition of a service's container, or of a one-shot job's, the way docker compose
 * would: same name, same labels, named volumes {@code <project>_<volume>}, binds into the export.
 * Pure: it reads no file and calls no engine, so what a container is made of is tested without one.
 *
 * @param project   the project's name
 * @param exportDir the project's export folder (absolute): binds resolve against it and may not leave it
 */
public record ContainerDefinitions(String project, Path exportDir) {

    /** The container of {@code spec}, named {@code name} (the service's own name, or a replacement's). */
    public ContainerDefinition service(ServiceSpec spec, String configHash, Version version, String name) {
        Map<String, String> labels = new LinkedHashMap<>(spec.labels());
        labels.put(Labels.PROJECT, project);
        labels.put(Labels.SERVICE, spec.name());
        labels.put(Labels.CONTAINER_NUMBER, "1");
        labels.put(Labels.ONEOFF, "False");
        composeLabels(labels, version);
        labels.put(Labels.CONFIG_HASH, configHash);
        Duration stop = spec.stopGracePeriod() == null ? null : Duration.ofSeconds(Math.max(1, spec.stopGracePeriod().toSeconds()));
        return new ContainerDefinition(name, spec.image(), labels, environment(spec), spec.entrypoint(), spec.command(),
                spec.user(), spec.workingDir(), stop, spec.healthcheck(), mounts(spec), spec.restart());
    }

    /**
     * The container of a one-shot job: its service's image, environment, volumes, entrypoint, user and
     * working folder with the job's command (the service's when the job has none); no service label,
     * so the planner never takes it for a service's container; never restarted.
     */
    public ContainerDefinition job(RunJob action, String name) {
        ServiceSpec spec = action.spec();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.PROJECT, project);
        labels.put(Labels.ONEOFF, "True");
        labels.put(Labels.JOB, action.job().name());
        composeLabels(labels, action.version());
        List<String> command = action.job().command().isEmpty() ? spec.command() : action.job().command();
        return new ContainerDefinition(name, spec.image(), labels, environment(spec), spec.entrypoint(), command,
                spec.user(), spec.workingDir(), null, null, mounts(spec), "no");
    }

    /** The names of the named volumes a service mounts, with the labels a new one gets. */
    public Map<String, Map<String, String>> volumes(ServiceSpec spec) {
        Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
        for (VolumeMount v : spec.volumes()) {
            if (v.kind() == VolumeMount.Kind.NAMED) {
                volumes.put(v.dockerVolumeName(project),
                        Map.of(Labels.PROJECT, project, Labels.VOLUME, v.source(), Labels.MANAGED, "true"));
            }
        }
        return volumes;
    }

    private void composeLabels(Map<String, String> labels, Version version) {
        labels.put(Labels.WORKING_DIR, exportDir.toString());
        labels.put(Labels.CONFIG_FILES, exportDir.resolve("compose.yaml").toString());
        labels.put(Labels.MANAGED, "true");
        labels.put(Labels.VERSION, version.toString());
    }

    private static List<String> environment(ServiceSpec spec) {
        return spec.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** Named volumes and binds into the export; a bind that would leave the export is refused. */
    private List<Mount> mounts(ServiceSpec spec) {
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount v : spec.volumes()) {
            if (v.kind() == VolumeMount.Kind.NAMED) {
                mounts.add(new Mount(Mount.Kind.VOLUME, v.dockerVolumeName(project), v.target(), v.readOnly()));
            } else {
                Path p = exportDir.resolve(v.source()).normalize();
                if (!p.startsWith(exportDir)) {
                    throw missingBind(spec, v);
                }
                mounts.add(new Mount(Mount.Kind.BIND, p.toString(), v.target(), v.readOnly()));
            }
        }
        return mounts;
    }

    static ReconcileException missingBind(ServiceSpec spec, VolumeMount v) {
        return new ReconcileException("service " + spec.name() + " mounts ./" + v.source()
                + ", which the export does not contain; fix the release's compose template", false);
    }
}
