package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.ReplaceWindow;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.plan.StartService;

import java.time.Instant;

/**
 * The one place that decides what follows a pass, for {@code apply} and {@code run} alike: done,
 * pass again, roll back to the previous version, hold the failed state, retry later, or yield to a
 * newer state. Pure: it judges the pass's outcome against what the desired file asks, and returns the
 * rollout record to write rather than writing it.
 *
 * <p>Only a verdict of shipshape's own (not healthy, exited, a job failed) on an action that rolls a
 * release out says the version is bad. A Docker error, an engine that went away or a container removed
 * under our feet says nothing about the release, and neither does a failure while healing the version
 * already installed or while rolling back.
 */
public final class RolloutPolicy {
    private RolloutPolicy() {
    }

    /**
     * What the desired file asks, as the policy needs it.
     *
     * @param generation   the desired file's generation (sha256)
     * @param wanted       spec.version
     * @param autoRollback spec.rollout.autoRollback
     * @param now          the time to stamp a rollout record with
     */
    public record Facts(String generation, Version wanted, boolean autoRollback, Instant now) {
    }

    public static Decision decide(PassOutcome outcome, Facts facts) {
        if (outcome instanceof PassOutcome.Failed f) {
            return failed(f, facts);
        }
        if (outcome instanceof PassOutcome.Cancelled c) {
            return new Decision.Yield(c.why());
        }
        Plan plan = outcome.plan();
        boolean more = outcome instanceof PassOutcome.Acted && !outcome.done().isEmpty() && !plan.converged()
                && !plan.actions().isEmpty();
        // more: look again to confirm, or to plan what the actions made visible; a plan that only waits
        // (for a maintenance window, a held rollout) is looked at again by the periodic resync
        return more ? new Decision.Continue() : new Decision.Done();
    }

    private static Decision failed(PassOutcome.Failed f, Facts facts) {
        Plan plan = f.plan();
        if (!f.failure().isVerdict() || !rollsOut(f.action()) || plan.rollback() != null) {
            // not the release's fault; or the rollback itself failed: nothing older to go back to from here
            return new Decision.Retry(f.failure());
        }
        Version installed = plan.installed();
        if (installed != null && installed.sameAs(plan.target())) {
            return new Decision.Retry(f.failure()); // healing the installed version is no rollout
        }
        String service = f.failure().service() != null ? f.failure().service() : f.action().service();
        FailedRollout record = new FailedRollout(facts.generation(), facts.wanted(), installed, service,
                f.failure().message(), facts.now());
        return installed != null && facts.autoRollback() ? new Decision.RollBack(record) : new Decision.Hold(record);
    }

    /** The actions that roll a release out: a service created, recreated or started at the target, a job. */
    static boolean rollsOut(Action action) {
        return action instanceof CreateService || action instanceof RecreateService || action instanceof StartService
                || action instanceof ReplaceWindow
                || action instanceof RunJob;
    }
}
