package dev.shipshape.controller.loop;

import dev.shipshape.controller.Reconciliation;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;

import java.util.function.Consumer;

/** What a running pass reports to the loop: each report is also a beat of the loop's heartbeat. */
final class PassProgress implements Reconciliation.ProgressListener {
    private final LoopHeartbeat heartbeat;
    private final LoopListener listener;
    private final Consumer<Plan> planned;

    PassProgress(LoopHeartbeat heartbeat, LoopListener listener, Consumer<Plan> planned) {
        this.heartbeat = heartbeat;
        this.listener = listener;
        this.planned = planned;
    }

    @Override
    public void observed(ObservedState observed) {
        heartbeat.beat();
        listener.observed(observed);
    }

    @Override
    public void planned(Plan plan) {
        heartbeat.beat();
        planned.accept(plan);
    }

    @Override
    public void starting(Action action) {
        heartbeat.beat();
        listener.actionStarting(action);
    }

    @Override
    public void finished(Action action, long millis) {
        heartbeat.beat();
        listener.actionFinished(action, millis);
    }
}
