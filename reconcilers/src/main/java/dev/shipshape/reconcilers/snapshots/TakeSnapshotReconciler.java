package dev.shipshape.reconcilers.snapshots;

import dev.shipshape.model.plan.TakeSnapshot;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;

/** Snapshots the volumes a version change touches, before it touches them (see {@link Snapshots#take}). */
public final class TakeSnapshotReconciler implements Reconciler<TakeSnapshot> {
    private final Snapshots snapshots;

    public TakeSnapshotReconciler(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public Class<TakeSnapshot> actionType() {
        return TakeSnapshot.class;
    }

    @Override
    public ActionOutcome reconcile(TakeSnapshot action, ProjectContext project) {
        snapshots.take(project, new Snapshots.Request(action.volumes(), action.services(), action.keepStopped(), action.from(),
                action.to(), action.consistency(), action.retention()));
        return ActionOutcome.done();
    }
}
