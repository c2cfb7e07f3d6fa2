package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.ObservedState;

import java.util.ArrayList;
import java.util.List;

/**
 * The approval's part of planning ({@code spec.rollout.approval: required}), pure and shaped like the maintenance
 * window's ({@link WindowPolicy}): while no approval covers the plan's target, restarts of running services (and
 * the upgrade jobs and the record that go with them) are held; everything else — downloads, pulls, the export,
 * healing, a rollback — runs. The plan then says what waits and how to approve it.
 */
public final class ApprovalPolicy {
    /** How the waiting line of a plan held for approval starts. */
    public static final String WAITING_PREFIX = "changes that restart services wait for approval";

    private ApprovalPolicy() {
    }

    /**
     * @param approvalTarget the version an approval must name (the desired file's effective target)
     * @param approved       whether a recorded approval covers that target and this desired file
     * @return {@code plan} with what waits for approval left out, or {@code plan} itself when nothing waits
     */
    public static Plan apply(Plan plan, DesiredState desired, ObservedState observed, Version approvalTarget, boolean approved) {
        if (approved || plan.rollback() != null) {
            return plan; // a rollback puts back what was approved (or ran) before: like healing, it never waits
        }
        WindowPolicy.Split split = WindowPolicy.split(desired, observed, plan.actions());
        if (split.held().isEmpty()) {
            return plan;
        }
        List<String> waiting = new ArrayList<>(plan.waitingFor());
        waiting.add(WAITING_PREFIX + " of " + approvalTarget + " (" + split.count() + " held): run shipshape approve -f FILE"
                + " --version " + approvalTarget);
        return new Plan(plan.target(), plan.installed(), split.run(), waiting, plan.notices(), plan.path(), plan.rollback(),
                plan.images(), plan.held());
    }

    /** Whether {@code plan} waits for an approval. */
    public static boolean waiting(Plan plan) {
        return plan.waitingFor().stream().anyMatch(w -> w.startsWith(WAITING_PREFIX));
    }
}
