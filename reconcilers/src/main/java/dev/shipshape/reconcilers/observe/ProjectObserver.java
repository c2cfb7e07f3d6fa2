package dev.shipshape.reconcilers.observe;

import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.docker.DockerObservation;
import dev.shipshape.reconcilers.docker.DockerObserver;
import dev.shipshape.reconcilers.export.ExportFolder;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.reconcilers.state.InstalledRecordStore;

/**
 * Step 1 of a reconciliation: everything about one project, read without changing anything —
 * the package store, the target release rendered in memory, the export folder, the installed
 * record and what Docker runs.
 */
public final class ProjectObserver {
    private final DockerObserver docker;
    private final ReleaseRenderer renderer;

    public ProjectObserver(DockerObserver docker, ReleaseRenderer renderer) {
        this.docker = docker;
        this.renderer = renderer;
    }

    public Observation observe(ProjectContext project) {
        PackageStore store = new PackageStore(project.paths());
        DesiredState desired = renderer.desiredState(project, store);
        DockerObservation engine = docker.observe(project.project());
        ObservedState observed = new ObservedState(store.versions(), ExportFolder.hash(project.paths().export()),
                new InstalledRecordStore(project.paths()).read(), engine.localImages(), engine.containers());
        return new Observation(desired, observed);
    }
}
