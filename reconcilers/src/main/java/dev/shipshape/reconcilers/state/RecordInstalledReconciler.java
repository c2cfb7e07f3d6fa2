package dev.shipshape.reconcilers.state;

import dev.shipshape.model.Version;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.images.ImageCleanup;

import java.time.Clock;

/**
 * Records that every service now runs the target version, then (best effort, see
 * {@link ImageCleanup}) removes the images of releases older than the previous version.
 */
public final class RecordInstalledReconciler implements Reconciler<RecordInstalled> {
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
    public void reconcile(RecordInstalled action, ProjectContext project) {
        InstalledRecordStore store = new InstalledRecordStore(project.paths());
        InstalledRecord before = store.read();
        store.write(InstalledRecord.next(before, action.version(), clock.instant()));
        if (images != null) {
            Version previous = action.previous() != null ? action.previous() : before == null ? null : before.version();
            if (previous != null && !previous.sameAs(action.version())) {
                images.afterInstall(project, action.version(), previous);
            }
        }
    }
}
