package dev.shipshape.reconcilers.snapshots;

import dev.shipshape.model.plan.RestoreSnapshot;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;

/**
 * Restores a snapshot's volumes: for a rollback (before the previous version starts) or to finish a restore
 * that was interrupted (see {@link Snapshots#restore}). The containers using the volumes are removed; the next
 * pass creates the services again on the restored data.
 */
public final class RestoreSnapshotReconciler implements Reconciler<RestoreSnapshot> {
    private final Snapshots snapshots;

    public RestoreSnapshotReconciler(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public Class<RestoreSnapshot> actionType() {
        return RestoreSnapshot.class;
    }

    @Override
    public ActionOutcome reconcile(RestoreSnapshot action, ProjectContext project) {
        snapshots.restore(project, action.snapshotId());
        return ActionOutcome.done();
    }
}
