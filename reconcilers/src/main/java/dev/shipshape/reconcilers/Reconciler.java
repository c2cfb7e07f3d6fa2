package dev.shipshape.reconcilers;

import dev.shipshape.model.plan.Action;

/**
 * Carries out one kind of {@link Action}. Implementations are idempotent: running the same action
 * twice, or again after a crash half-way, ends in the same state as running it once.
 */
public interface Reconciler<A extends Action> {

    Class<A> actionType();

    /** @return what the action came to; throws only for what nobody could foresee (see {@link ActionOutcome}) */
    ActionOutcome reconcile(A action, ProjectContext project);
}
