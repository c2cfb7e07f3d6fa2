package dev.shipshape.controller;

import dev.shipshape.controller.events.RolloutEvents;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.rollout.RolloutPolicy;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Asks the pure {@link RolloutPolicy} what follows a pass, for {@code apply} and {@code run} alike,
 * and is the one place that writes its record when a rollout failed: the next pass then puts the
 * previous version back (the version choice reads the record), and the failed version is not tried
 * again until the desired file changes.
 */
public final class RolloutGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutGuard.class);

    private final Clock clock;
    private final ServerEvents events;

    @Inject
    public RolloutGuard(Clock clock, ServerEvents events) {
        this.clock = clock;
        this.events = events;
    }

    /** Without events (tests of the policy alone). */
    public RolloutGuard(Clock clock) {
        this(clock, ServerEvents.NONE);
    }

    public Decision decide(ProjectContext project, PassOutcome outcome) {
        var spec = project.desired().spec();
        Decision decision = RolloutPolicy.decide(outcome, new RolloutPolicy.Facts(project.desired().generation(),
                spec.version(), spec.rollout().autoRollback(), clock.instant()));
        FailedRollout record = decision instanceof Decision.RollBack r ? r.record()
                : decision instanceof Decision.Hold h ? h.record() : null;
        if (record != null) {
            project.records().rollouts().write(record);
            LOG.warn("rollout of {} failed ({}); {}", record.failedVersion(), record.reason(),
                    decision instanceof Decision.RollBack ? "rolling back to " + record.restoredVersion()
                            : "left as it is; not retried until the desired file changes");
        }
        // after the record: an event must not announce a rollback the next pass would not make
        RolloutEvents.after(project.desired(), outcome, decision, clock.instant()).ifPresent(events::publish);
        return decision;
    }
}
