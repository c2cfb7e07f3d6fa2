package dev.shipshape.controller;

import dev.shipshape.controller.events.RolloutEvents;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.updates.ReleaseUpdates;
import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.ReplaceWindow;
import dev.shipshape.model.snapshot.SnapshotInfo;
import dev.shipshape.reconcilers.snapshots.SnapshotStore;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.HistoryEntry;
import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.rollout.RolloutPolicy;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks the pure {@link RolloutPolicy} what follows a pass, for {@code apply} and {@code run} alike,
 * and is the one place that writes its record when a rollout failed: the next pass then puts the
 * previous version back (the version choice reads the record), and the failed version is not tried
 * again until the desired file changes. It also writes the rollout history ({@code .shipshape/history.yaml}) where a
 * rollout ends: the installed version recorded (succeeded), rolled back, or held failed.
 */
public final class RolloutGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutGuard.class);

    private final Clock clock;
    private final ServerEvents events;
    private final ReleaseUpdates updates;
    /** Rollouts under way, by project folder and target: when the first pass towards it acted, what it restarted. */
    private final Map<String, Started> underWay = new ConcurrentHashMap<>();
    /** When the running pass of each project folder started: a rollout's start is that of its first acting pass. */
    private final Map<String, Instant> passStarts = new ConcurrentHashMap<>();

    private record Started(Instant at, Set<String> services) {
    }

    /** Without events and spec.updates (tests of the policy alone). */
    public RolloutGuard(Clock clock) {
        this(clock, ServerEvents.NONE, null);
    }

    /** @param updates what aimed the passes (spec.updates), for what started a rollout; null: the desired file */
    @Inject
    public RolloutGuard(Clock clock, ServerEvents events, ReleaseUpdates updates) {
        this.clock = clock;
        this.events = events;
        this.updates = updates;
    }

    /** A pass of {@code project} starts now (for the history's durations); callers say so before each pass. */
    public void passStarting(ProjectContext project) {
        if (project.paths() != null) {
            passStarts.put(project.paths().projectDir().toString(), clock.instant());
        }
    }

    public Decision decide(ProjectContext project, PassOutcome outcome) {
        var spec = project.desired().spec();
        Decision decision = RolloutPolicy.decide(outcome, new RolloutPolicy.Facts(project.desired().generation(),
                spec.version(), spec.rollout().autoRollback(), clock.instant()));
        if (decision instanceof Decision.RollBack r && spec.rollout().restoreOnRollback()) {
            decision = new Decision.RollBack(withSnapshot(project, outcome, r.record()));
        }
        FailedRollout record = decision instanceof Decision.RollBack r ? r.record()
                : decision instanceof Decision.Hold h ? h.record() : null;
        if (record != null) {
            project.records().rollouts().write(record);
            LOG.warn("rollout of {} failed ({}); {}", record.failedVersion(), record.reason(),
                    decision instanceof Decision.RollBack ? "rolling back to " + record.restoredVersion()
                            + (record.snapshot() == null ? "" : "; " + record.dataNote())
                            : "left as it is; not retried until the desired file changes");
        }
        // after the record: an event must not announce a rollback the next pass would not make
        RolloutEvents.after(project.desired(), outcome, decision, clock.instant()).ifPresent(events::publish);
        if (project.records() != null) {
            history(project, outcome, decision);
        }
        return decision;
    }

    /** Appends to the history when this pass ended a rollout; remembers when one started and what it restarted. */
    private void history(ProjectContext project, PassOutcome outcome, Decision decision) {
        Plan plan = outcome.plan();
        if (plan == null || plan.target() == null || plan.rollback() != null) {
            return; // a rollback's own passes belong to the rollout that failed
        }
        Version installed = plan.installed();
        String key = project.paths().projectDir() + "@" + plan.target();
        if (installed == null || !installed.sameAs(plan.target())) {
            if (!outcome.done().isEmpty() || outcome instanceof PassOutcome.Failed) {
                Instant passStart = passStarts.getOrDefault(project.paths().projectDir().toString(), clock.instant());
                Started s = underWay.computeIfAbsent(key, k -> new Started(passStart, new LinkedHashSet<>()));
                for (Action a : outcome.done()) {
                    if (a instanceof RecreateService || a instanceof CreateService) {
                        s.services().add(a.service());
                    } else if (a instanceof ReplaceWindow w) {
                        w.services().forEach(spec -> s.services().add(spec.name()));
                    }
                }
            }
        }
        Instant now = clock.instant();
        FailedRollout failed = decision instanceof Decision.RollBack r ? r.record()
                : decision instanceof Decision.Hold h ? h.record() : null;
        if (failed != null) {
            Started s = underWay.remove(key);
            write(project, new HistoryEntry(str(installed), plan.target().toString(), s == null ? null : s.at(), now,
                    trigger(project), decision instanceof Decision.RollBack ? HistoryEntry.Result.ROLLED_BACK
                    : HistoryEntry.Result.FAILED, s == null ? List.of() : List.copyOf(s.services()), failed.reason(),
                    failed.service()));
            return;
        }
        outcome.done().stream().filter(RecordInstalled.class::isInstance).map(RecordInstalled.class::cast).findFirst()
                .ifPresent(r -> {
                    Started s = underWay.remove(key);
                    write(project, new HistoryEntry(str(r.previous()), r.version().toString(), s == null ? null : s.at(),
                            now, trigger(project), HistoryEntry.Result.SUCCEEDED,
                            s == null ? List.of() : List.copyOf(s.services()), null, null));
                    explain(project);
                });
    }

    private void write(ProjectContext project, HistoryEntry entry) {
        try {
            project.records().history().append(entry);
        } catch (RuntimeException e) {
            // the history is for people; losing an entry must not fail the rollout it describes
            LOG.warn("cannot write the rollout history: {}", e.getMessage());
        }
    }

    /** installed.yaml's newest history entry says what made it the target (and, with spec.updates, why). */
    private void explain(ProjectContext project) {
        try {
            var record = project.records().installed().read();
            if (record != null) {
                ReleaseUpdates.Effective e = effective(project);
                String why = trigger(project, e) + (e == null || e.status() == null ? "" : ": " + e.choice().reason());
                project.records().installed().write(record.explained(why));
            }
        } catch (RuntimeException ex) {
            LOG.warn("cannot note why {} was installed: {}", project.desired().spec().version(), ex.getMessage());
        }
    }

    private ReleaseUpdates.Effective effective(ProjectContext project) {
        ReleaseUpdates.Effective e = updates == null ? null : updates.last();
        return e != null && e.file().generation().equals(project.desired().generation()) ? e : null;
    }

    private String trigger(ProjectContext project) {
        return trigger(project, effective(project));
    }

    private static String trigger(ProjectContext project, ReleaseUpdates.Effective e) {
        String why = e != null ? e.trigger() : "desired file (spec.version)";
        return project.desired().spec().rollout().approvalRequired() ? why + ", approved (shipshape approve)" : why;
    }

    private static String str(Version v) {
        return v == null ? null : v.toString();
    }

    /**
     * The snapshot the failed rollout took (the newest complete one from the installed version to the pass's target,
     * not restored yet): the rollback restores it, and the record says since when data is discarded. This is where
     * the rollback is decided, so the fact travels with the record (status, history, a notification's details).
     */
    private static FailedRollout withSnapshot(ProjectContext project, PassOutcome outcome, FailedRollout record) {
        var plan = outcome.plan();
        if (plan.installed() == null || project.paths() == null) {
            return record;
        }
        List<SnapshotInfo> found = new SnapshotStore(project.paths()).list();
        for (int i = found.size() - 1; i >= 0; i--) {
            SnapshotInfo s = found.get(i);
            if (s.takenFor(plan.installed(), plan.target()) && s.restoredAt() == null) {
                return record.restoring(s.id(), s.takenAt());
            }
        }
        return record;
    }
}
