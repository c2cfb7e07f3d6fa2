package dev.shipshape.reconcilers.state;

import dev.shipshape.reconcilers.records.InstalledRecordStore;

import dev.shipshape.model.Version;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.images.ImageCleanup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Records that every service now runs the target version, then tidies up, best effort: removes
 * the images of releases older than the previous version ({@link ImageCleanup}, which reads the
 * stored manifests, so it runs first), then prunes the package store down to the installed
 * version and the previous one ({@link PackagePruner}).
 */
public final class RecordInstalledReconciler implements Reconciler<RecordInstalled> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordInstalledReconciler.class);

    private final Clock clock;
    private final ImageCleanup images;

    public RecordInstalledReconciler(Clock clock) {
        this(clock, null);
    }

    public RecordInstalledReconciler(Clock clock, ImageCleanup images) {
        this.clock = clock;
        this.images = images;
    }

    @Override
    public Class<RecordInstalled> actionType() {
        return RecordInstalled.class;
    }

    @Override
    public ActionOutcome reconcile(RecordInstalled action, ProjectContext project) {
        InstalledRecordStore store = project.records().installed();
        InstalledRecord before = store.read();
        InstalledRecord record = InstalledRecord.next(before, action.version(), clock.instant());
        store.write(record);
        if (images != null) {
            Version previous = action.previous() != null ? action.previous() : before == null ? null : before.version();
            if (previous != null && !previous.sameAs(action.version())) {
                images.afterInstall(project, action.version(), previous);
            }
        }
        // Housekeeping only: the install is recorded, so a failure here must not fail the reconciliation.
        try {
            new PackagePruner(project.paths()).prune(record, action.previous(), project.desired().spec().version(),
                    project.desired().spec().source());
        } catch (Exception e) {
            LOG.warn("release {} of project {} is recorded as installed, but old packages could not be removed from {}: {}",
                    action.version(), project.project(), project.paths().packages(), e.toString());
        }
        return ActionOutcome.done();
    }
}
