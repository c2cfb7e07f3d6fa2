package dev.shipshape.controller.status;

import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;

import java.util.ArrayList;
import java.util.List;

/** The texts a status says about a plan: what remains, what was done, why a rollout ended as it did. */
final class StatusMessages {
    private StatusMessages() {
    }

    /** The actions a plan still has, and what it waits for. */
    static String remaining(Plan plan) {
        List<String> parts = new ArrayList<>();
        if (!plan.actions().isEmpty()) {
            parts.add(plan.actions().size() + " action" + (plan.actions().size() == 1 ? "" : "s")
                    + " pending, next: " + ActionLabel.of(plan.actions().get(0)));
        }
        if (!plan.waitingFor().isEmpty()) {
            parts.add("then: " + String.join("; ", plan.waitingFor()));
        }
        return parts.isEmpty() ? "changes pending" : String.join("; ", parts);
    }

    static List<String> labels(List<Action> done) {
        return done.stream().map(ActionLabel::of).toList();
    }

    /** Why the rollout of a plan with a rollback failed, and which version serves now. */
    static String rollback(Plan plan, DesiredFile file) {
        var r = plan.rollback();
        String base = "the rollout of " + r.failedVersion() + " failed: " + r.reason();
        if (!file.spec().rollout().autoRollback() || r.restoredVersion() == null) {
            return base + "; the failed state is left as it is (" + (r.restoredVersion() == null
                    ? "there is no previous version" : "autoRollback is false") + "); fix the cause and change the desired file";
        }
        return base + "; rolled back to " + r.restoredVersion() + ", which serves"
                + (r.snapshot() == null ? "" : "; " + r.dataNote()) + "; " + r.failedVersion()
                + " is not tried again until the desired file changes";
    }
}
