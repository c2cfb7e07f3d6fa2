package dev.shipshape.controller.resilience;

import dev.shipshape.model.plan.Action;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * A reconciler that fails as scripted: each call takes the next scripted failure, or succeeds when
 * none is left (or, with {@link #failingAlways}, throws the same kind of failure every time).
 */
final class ScriptedReconciler<A extends Action> implements Reconciler<A> {
    private final Class<A> type;
    private final Deque<RuntimeException> script = new ArrayDeque<>();
    private Supplier<RuntimeException> always;
    private int calls;

    ScriptedReconciler(Class<A> type) {
        this.type = type;
    }

    ScriptedReconciler<A> thenFail(RuntimeException failure) {
        script.addLast(failure);
        return this;
    }

    ScriptedReconciler<A> failingAlways(Supplier<RuntimeException> failure) {
        this.always = failure;
        return this;
    }

    ScriptedReconciler<A> succeeding() {
        this.always = null;
        script.clear();
        return this;
    }

    int calls() {
        return calls;
    }

    @Override
    public Class<A> actionType() {
        return type;
    }

    @Override
    public ActionOutcome reconcile(A action, ProjectContext project) {
        calls++;
        RuntimeException next = always != null ? always.get() : script.pollFirst();
        if (next instanceof ReconcileException typed) {
            return ActionOutcome.of(typed); // as a reconciler reports its own typed failures
        }
        if (next != null) {
            throw next; // what nobody foresaw (a transport failure) is thrown
        }
        return ActionOutcome.done();
    }
}
