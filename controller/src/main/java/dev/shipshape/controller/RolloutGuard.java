package dev.shipshape.controller;

import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.records.RolloutRecordStore;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Judges a failed action: when it is a rollout that did not work (a new or changed service that
 * did not become healthy, a failing job) — not a passing fault of Docker or the registry — the
 * failed version is recorded, so the next reconciliation puts the previous version back and the
 * failed one is not tried again until the desired file changes.
 */
public final class RolloutGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutGuard.class);

    private final Clock clock;

    @Inject
    public RolloutGuard(Clock clock) {
        this.clock = clock;
    }

    /** @return the recorded failure, when {@code error} is a failed rollout */
    public Optional<FailedRollout> judge(ProjectContext project, RuntimeException error) {
        // Only a verdict of shipshape's own (not healthy, exited, job failed) says the version is bad; a
        // Docker error such as a container removed under our feet says nothing about the release.
        if (!(error instanceof ActionFailedException failed) || failed.isTransient()
                || !(failed.getCause() instanceof ReconcileException)
                || failed.getCause() instanceof Cancellation.CancelledException || !rollsOut(failed.action())) {
            return Optional.empty();
        }
        Plan plan = failed.plan();
        if (plan.rollback() != null) {
            return Optional.empty(); // the rollback itself failed: nothing older to go back to from here
        }
        Version installed = plan.installed();
        if (installed != null && installed.sameAs(plan.target())) {
            return Optional.empty(); // healing the installed version is no rollout: it is retried with backoff
        }
        boolean upgrade = installed != null && !installed.sameAs(plan.target());
        FailedRollout record = new FailedRollout(project.desired().generation(),
                project.desired().spec().version(), upgrade ? installed : null, failed.action().service(),
                failed.getMessage(), clock.instant());
        project.records().rollouts().write(record);
        LOG.warn("rollout of {} failed ({}); {}", record.failedVersion(), record.reason(),
                upgrade && project.desired().spec().rollout().autoRollback() ? "rolling back to " + installed
                        : "left as it is; not retried until the desired file changes");
        return Optional.of(record);
    }

    private static boolean rollsOut(Action action) {
        return action instanceof CreateService || action instanceof RecreateService || action instanceof StartService
                || action instanceof RunJob;
    }
}
