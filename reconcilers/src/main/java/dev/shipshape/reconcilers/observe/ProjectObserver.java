package dev.shipshape.reconcilers.observe;

import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.model.rollout.Target;
import dev.shipshape.model.rollout.VersionChoice;
import dev.shipshape.reconcilers.snapshots.SnapshotStore;
import dev.shipshape.reconcilers.runtime.AdoptionCheck;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.RuntimeObservation;
import dev.shipshape.reconcilers.export.ExportFolder;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.reconcilers.records.AdoptionRecordStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 1 of a reconciliation: everything about one project, read without changing anything —
 * the package store, the target release rendered in memory, the export folder, the installed
 * record and what Docker runs.
 */
public final class ProjectObserver {
    private final ContainerRuntime runtime;
    private final ReleaseRenderer renderer;
    private final AdoptionCheck comparison;
    private final Clock clock;

    /** @param clock stamps each observation ({@link ObservedState#at()}): maintenance windows are judged against it */
    public ProjectObserver(ContainerRuntime runtime, ReleaseRenderer renderer, AdoptionCheck comparison, Clock clock) {
        this.runtime = runtime;
        this.renderer = renderer;
        this.comparison = comparison;
        this.clock = clock;
    }

    public Observation observe(ProjectContext project) {
        PackageStore store = new PackageStore(project.paths());
        InstalledRecord installed = project.records().installed().read();
        // which version this pass works towards: pure, next to the planner, judged on what is observed here
        Target target = VersionChoice.choose(project.desired().spec().version(), project.desired().generation(),
                project.records().rollouts().read(), installed, store::manifest);
        DesiredState desired = renderer.desiredState(project, store, target.version(), target.path(), target.rollback());
        RuntimeObservation engine = runtime.observe(project.project());
        ObservedState observed = new ObservedState(store.versions(), ExportFolder.hash(project.paths().export()),
                installed, engine.localImages(), adoptionsOf(project, desired, engine.containers()));
        // the observation time (maintenance window): same state, stamped with the clock
        observed = new ObservedState(observed.storedPackages(), observed.exportHash(), observed.installed(),
                observed.localImages(), observed.containers(), observed.completedJobs(), clock.instant());
        // one-shot jobs that completed (.shipshape/jobs.yaml): the planner does not run them again
        observed = new ObservedState(observed.storedPackages(), observed.exportHash(), observed.installed(),
                observed.localImages(), observed.containers(), project.records().jobs().completed(), observed.at());
        // volume snapshots (.shipshape/snapshots/): a restore to finish, the snapshot a rollback restores
        observed = observed.withSnapshots(new SnapshotStore(project.paths()).list());
        return new Observation(desired, observed);
    }

    /**
     * Containers someone else created (the manual runbook's docker compose) are adopted when they
     * are exactly what the release would create. Only those containers are inspected, once: the
     * adoption is recorded, so a converged project costs no extra Docker call.
     */
    private List<ObservedContainer> adoptionsOf(ProjectContext project, DesiredState desired, List<ObservedContainer> found) {
        if (desired.rendered() == null || found.stream().allMatch(c -> c.configHash() != null || c.service() == null)) {
            return found;
        }
        Map<String, AdoptionRecordStore.Entry> recorded = project.records().adoptions().read();
        List<ObservedContainer> out = new ArrayList<>();
        for (ObservedContainer c : found) {
            ServiceSpec spec = c.service() == null ? null : desired.rendered().compose().services().get(c.service());
            if (c.configHash() != null || spec == null) {
                out.add(c);
            } else if (recorded.containsKey(c.id())) {
                out.add(c.adopted(ObservedContainer.Adoption.RECORDED, recorded.get(c.id()).configHash()));
            } else {
                out.add(comparison.difference(c.id(), spec, project)
                        .map(c::differing)
                        .orElseGet(() -> c.adopted(ObservedContainer.Adoption.MATCHES,
                                desired.rendered().configHash(spec))));
            }
        }
        return out;
    }
}
