package dev.shipshape.controller.resilience;

import dev.shipshape.model.plan.Action;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Hands each action to the one reconciler that handles its kind. */
public final class ActionDispatcher {
    private final Map<Class<?>, Reconciler<?>> byType = new HashMap<>();

    @Inject
    public ActionDispatcher(Set<Reconciler<?>> reconcilers) {
        for (Reconciler<?> r : reconcilers) {
            Reconciler<?> previous = byType.put(r.actionType(), r);
            if (previous != null) {
                throw new IllegalStateException("two reconcilers for " + r.actionType().getSimpleName());
            }
        }
    }

    @SuppressWarnings("unchecked")
    public <A extends Action> ActionOutcome run(A action, ProjectContext project) {
        Reconciler<A> r = (Reconciler<A>) byType.get(action.getClass());
        if (r == null) {
            throw new IllegalStateException("no reconciler handles " + action.kind());
        }
        return r.reconcile(action, project);
    }
}
