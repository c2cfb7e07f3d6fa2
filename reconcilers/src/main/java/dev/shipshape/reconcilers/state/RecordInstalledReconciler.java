package dev.shipshape.reconcilers.state;

import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;

import java.time.Clock;

/** Records that every service now runs the target version. */
public final class RecordInstalledReconciler implements Reconciler<RecordInstalled> {
    private final Clock clock;

    public RecordInstalledReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Class<RecordInstalled> actionType() {
        return RecordInstalled.class;
    }

    @Override
    public void reconcile(RecordInstalled action, ProjectContext project) {
        InstalledRecordStore store = new InstalledRecordStore(project.paths());
        store.write(InstalledRecord.next(store.read(), action.version(), clock.instant()));
    }
}
