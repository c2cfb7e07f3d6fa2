package dev.shipshape.reconcilers.state;

import dev.shipshape.reconcilers.records.AdoptionRecordStore;

import dev.shipshape.model.plan.AdoptContainer;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;

import java.time.Clock;

/** Records an adopted container; the container itself is not touched. */
public final class AdoptContainerReconciler implements Reconciler<AdoptContainer> {
    private final Clock clock;

    public AdoptContainerReconciler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Class<AdoptContainer> actionType() {
        return AdoptContainer.class;
    }

    @Override
    public ActionOutcome reconcile(AdoptContainer action, ProjectContext project) {
        project.records().adoptions().add(action.containerId(),
                new AdoptionRecordStore.Entry(action.service(), action.configHash(), clock.instant()));
        return ActionOutcome.done();
    }
}
