package dev.shipshape.controller.status;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.records.ProjectRecords;
import dev.shipshape.model.plan.PlanRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status of one project, kept up to date by the control loop and written to the status file on
 * every change. Thread-safe: the loop writes while HTTP requests read {@link #snapshot()}.
 *
 * <p>Contract with the loop: before each pass it reads the desired file; if the file is invalid it
 * calls {@link #desiredInvalid}, otherwise {@link #reconcileStarted} with the file just read, then
 * exactly one of {@link #reconcileFinished}, {@link #reconcileFailed} or {@link #suspended}.
 */
public final class StatusTracker {
    public static final int HISTORY_SIZE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    private final Path projectDir;
    /** Where the kept volumes are read from; the tracker itself writes only the status file. */
    private final ProjectRecords records;
    private final Clock clock;

    /** Written under the lock, read without it by {@link #snapshot()}. */
    private volatile ServerStatus status;
    private Instant runStartedAt;
    /** The newest desired state was refused while an older good one is reconciled (a bad Git commit). */
    private SourceProblem sourceProblem;

    private record SourceProblem(String reason, String generation, String message) {
    }

    /** A fresh status: nothing reconciled yet. Does no I/O. */
    public StatusTracker(String project, Path projectDir, Clock clock) {
        this(initial(project, clock.instant().truncatedTo(ChronoUnit.MILLIS)), projectDir, clock);
    }

    private StatusTracker(ServerStatus initial, Path projectDir, Clock clock) {
        this.status = initial;
        this.projectDir = projectDir;
        this.records = new ProjectRecords(new ProjectPaths(projectDir));
        this.clock = clock;
    }

    /**
     * Continues from the status file a previous controller left, so history and transition times
     * survive a restart. A missing, unreadable or foreign file starts fresh: status is a report, and a
     * bad report must not keep the controller from starting.
     */
    public static StatusTracker resume(String project, Path projectDir, Clock clock) {
        try {
            Optional<ServerStatus> previous = StatusFile.read(projectDir);
            if (previous.isPresent() && project.equals(previous.get().project())) {
                return new StatusTracker(previous.get(), projectDir, clock);
            }
        } catch (StatusFileException e) {
            LOG.warn("starting with a fresh status: {}", e.getMessage());
        }
        return new StatusTracker(project, projectDir, clock);
    }

    public ServerStatus snapshot() {
        return status;
    }

    /** The newest desired file cannot be used; the server keeps running as it is. */
    public synchronized void desiredInvalid(String generation, String error) {
        Instant now = now();
        Draft d = new Draft(status);
        d.desiredGeneration = generation;
        d.lastError = error;
        d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, "InvalidDesiredState", error, now);
        d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "InvalidDesiredState",
                "the desired file is invalid; nothing is changed until it is fixed", now);
        d.record(new RunRecord(now, 0, RunResult.INVALID, List.of(), error));
        publish(d, now);
    }

    /**
     * The newest desired state was refused, but an older good one keeps being reconciled (the last good
     * commit of a followed branch): Degraded with {@code reason} until a good one arrives, however well
     * the older state reconciles. Reported once per distinct problem; {@code reason} null clears it.
     */
    public synchronized void sourceProblem(String reason, String generation, String message) {
        SourceProblem next = reason == null ? null : new SourceProblem(reason, generation, message);
        if (java.util.Objects.equals(next, sourceProblem)) {
            return;
        }
        sourceProblem = next;
        if (next == null) {
            return; // the next finished pass clears Degraded
        }
        Instant now = now();
        Draft d = new Draft(status);
        d.desiredGeneration = generation;
        d.lastError = message;
        d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, reason, message, now);
        d.record(new RunRecord(now, 0, RunResult.INVALID, List.of(), message));
        publish(d, now);
    }

    public synchronized void reconcileStarted(DesiredFile file) {
        Instant now = now();
        runStartedAt = now;
        Draft d = new Draft(status);
        d.desiredGeneration = sourceProblem != null ? sourceProblem.generation() : file.generation();
        d.targetVersion = file.spec().version();
        if (!file.generation().equals(status.observedGeneration())) {
            // Only a new desired file counts as progress; periodic resyncs of the same file do not
            // flip Progressing back and forth.
            d.set(ConditionType.PROGRESSING, ConditionStatus.TRUE, "NewDesiredState",
                    "reconciling a new desired file (version " + file.spec().version() + ")", now);
        }
        publish(d, now);
    }

    /** A pass (or passes) ended without error; {@code finalPlan} is the plan of the last pass. */
    public synchronized void reconcileFinished(DesiredFile file, Plan finalPlan, List<Action> done, long millis) {
        Instant now = now();
        Draft d = reconciled(file);
        d.lastError = null;
        d.notices = finalPlan.notices();
        d.keptVolumes = records.keptVolumes().read();
        if (finalPlan.rollback() != null) {
            // The previous version serves, but the desired one failed: degraded, and not ready, until the file changes.
            String why = rollbackMessage(finalPlan, file);
            d.lastError = why;
            d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, file.spec().rollout().autoRollback()
                    ? "RollbackAfterFailedUpgrade" : "RolloutFailed", why, now);
            d.set(ConditionType.READY, ConditionStatus.FALSE, "RolloutFailed", why, now);
            d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "WaitingForDesiredChange",
                    "not retried until the desired file changes", now);
            RunResult result = done.isEmpty() ? RunResult.CONVERGED : RunResult.CHANGED;
            d.record(new RunRecord(started(now, millis), millis, result, labels(done), null));
            publish(d, now);
            return;
        }
        if (sourceProblem != null) {
            d.lastError = sourceProblem.message();
            d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, sourceProblem.reason(), sourceProblem.message(), now);
        } else {
            d.set(ConditionType.DEGRADED, ConditionStatus.FALSE, "ReconcileSucceeded", "", now);
        }
        if (finalPlan.converged()) {
            if (finalPlan.installed() != null) {
                d.currentVersion = finalPlan.installed();
            }
            String at = "the server is at the desired state (version " + finalPlan.target() + ")";
            d.set(ConditionType.READY, ConditionStatus.TRUE, "Converged", at, now);
            d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "Converged", at, now);
        } else {
            String remaining = remaining(finalPlan);
            d.set(ConditionType.READY, ConditionStatus.FALSE, "NotConverged", remaining, now);
            d.set(ConditionType.PROGRESSING, ConditionStatus.TRUE, "ActionsPending", remaining, now);
        }
        RunResult result = finalPlan.converged() && done.isEmpty() ? RunResult.CONVERGED : RunResult.CHANGED;
        d.record(new RunRecord(started(now, millis), millis, result, labels(done), null));
        publish(d, now);
    }

    private static String rollbackMessage(Plan plan, DesiredFile file) {
        var r = plan.rollback();
        String base = "the rollout of " + r.failedVersion() + " failed: " + r.reason();
        if (!file.spec().rollout().autoRollback() || r.restoredVersion() == null) {
            return base + "; the failed state is left as it is (" + (r.restoredVersion() == null
                    ? "there is no previous version" : "autoRollback is false") + "); fix the cause and change the desired file";
        }
        return base + "; rolled back to " + r.restoredVersion() + ", which serves; " + r.failedVersion()
                + " is not tried again until the desired file changes";
    }

    /** A pass failed; {@code willRetry} says whether the loop retries on its own or waits for a new desired file. */
    public synchronized void reconcileFailed(DesiredFile file, Throwable error, boolean willRetry, long millis) {
        Instant now = now();
        String message = SafeMessage.of(error);
        String reason = error instanceof PlanRefusedException ? "PlanRefused" : "ReconcileFailed";
        Draft d = reconciled(file);
        d.lastError = message;
        d.set(ConditionType.READY, ConditionStatus.FALSE, reason, message, now);
        d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, reason, message, now);
        if (willRetry) {
            d.set(ConditionType.PROGRESSING, ConditionStatus.TRUE, "RetryScheduled",
                    "retrying with backoff", now);
        } else {
            d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "WaitingForDesiredChange",
                    "not retried until the desired file changes", now);
        }
        d.record(new RunRecord(started(now, millis), millis, RunResult.FAILED, List.of(), message));
        publish(d, now);
    }

    /**
     * Something outside a single pass is wrong (e.g. reason {@code CrashLoop}: a service keeps dying);
     * the server is not at its desired state, so Ready turns False as well.
     */
    public synchronized void degraded(String reason, String message) {
        Instant now = now();
        Draft d = new Draft(status);
        d.lastError = message;
        d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, reason, message, now);
        d.set(ConditionType.READY, ConditionStatus.FALSE, reason, message, now);
        publish(d, now);
    }

    /** spec.suspend is set: the pass observed and planned, changed nothing. */
    public synchronized void suspended(DesiredFile file, Plan plan, long millis) {
        Instant now = now();
        Draft d = reconciled(file);
        String why = plan.converged()
                ? "spec.suspend is true: observing only; nothing is pending"
                : "spec.suspend is true: observing only; " + remaining(plan) + ", none made";
        if (plan.converged()) {
            d.set(ConditionType.READY, ConditionStatus.TRUE, "Converged",
                    "the server is at the desired state (version " + plan.target() + ")", now);
        } else {
            d.set(ConditionType.READY, ConditionStatus.FALSE, "Suspended", why, now);
        }
        d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "Suspended", why, now);
        d.record(new RunRecord(started(now, millis), millis, RunResult.SUSPENDED, List.of(), null));
        publish(d, now);
    }

    /** The installed version changed (recorded by an action, or read at start). */
    public synchronized void installedVersion(Version version) {
        Instant now = now();
        Draft d = new Draft(status);
        d.currentVersion = version;
        publish(d, now);
    }

    /** The Git commit the reconciled desired file came from, for controllers that follow a branch. */
    public synchronized void appliedCommit(AppliedCommit commit) {
        Instant now = now();
        Draft d = new Draft(status);
        d.appliedCommit = commit;
        publish(d, now);
    }

    /** Milliseconds are precise enough for people and keep the JSON short. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Draft reconciled(DesiredFile file) {
        Draft d = new Draft(status);
        d.observedGeneration = file.generation();
        if (sourceProblem != null) {
            d.desiredGeneration = sourceProblem.generation();
        } else if (d.desiredGeneration == null) {
            d.desiredGeneration = file.generation();
        }
        d.targetVersion = file.spec().version();
        return d;
    }

    private Instant started(Instant now, long millis) {
        Instant started = runStartedAt != null ? runStartedAt : now.minusMillis(millis);
        runStartedAt = null;
        return started;
    }

    private void publish(Draft d, Instant now) {
        ServerStatus next = d.build(status.updatedAt());
        if (next.equals(status)) {
            return; // nothing changed: no new updatedAt, no disk write
        }
        status = d.build(now);
        try {
            StatusFile.write(projectDir, status);
        } catch (IOException | RuntimeException e) {
            // The status file is a report: failing to write it (disk full, read-only folder) must not
            // stop the loop that keeps the server running. /status still serves the current status.
            LOG.warn("cannot write the status file {}: {}", StatusFile.path(projectDir), e.toString());
        }
    }

    private static String remaining(Plan plan) {
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

    private static List<String> labels(List<Action> done) {
        return done.stream().map(ActionLabel::of).toList();
    }

    private static ServerStatus initial(String project, Instant now) {
        String why = "no reconciliation has finished yet";
        List<Condition> conditions = List.of(
                new Condition(ConditionType.READY, ConditionStatus.FALSE, "NotReconciled", why, now),
                new Condition(ConditionType.PROGRESSING, ConditionStatus.FALSE, "NotReconciled", why, now),
                new Condition(ConditionType.DEGRADED, ConditionStatus.FALSE, "NotReconciled", why, now));
        return new ServerStatus(project, null, null, null, null, conditions, null, List.of(), null, now, List.of(), List.of());
    }

    /** A mutable copy of a status, so each change reads as a few assignments. Never leaves this class. */
    private static final class Draft {
        final String project;
        String observedGeneration;
        String desiredGeneration;
        Version currentVersion;
        Version targetVersion;
        final Map<ConditionType, Condition> conditions = new EnumMap<>(ConditionType.class);
        String lastError;
        final List<RunRecord> history;
        AppliedCommit appliedCommit;
        List<String> notices;
        List<String> keptVolumes;

        Draft(ServerStatus s) {
            project = s.project();
            observedGeneration = s.observedGeneration();
            desiredGeneration = s.desiredGeneration();
            currentVersion = s.currentVersion();
            targetVersion = s.targetVersion();
            s.conditions().forEach(c -> conditions.put(c.type(), c));
            lastError = s.lastError();
            history = new ArrayList<>(s.history());
            appliedCommit = s.appliedCommit();
            notices = s.notices();
            keptVolumes = s.keptVolumes();
        }

        void set(ConditionType type, ConditionStatus value, String reason, String message, Instant now) {
            Condition old = conditions.get(type);
            conditions.put(type, old == null
                    ? new Condition(type, value, reason, message, now)
                    : old.update(value, reason, message, now));
        }

        void record(RunRecord run) {
            history.add(run);
            while (history.size() > HISTORY_SIZE) {
                history.remove(0);
            }
        }

        ServerStatus build(Instant updatedAt) {
            return new ServerStatus(project, observedGeneration, desiredGeneration, currentVersion, targetVersion,
                    List.copyOf(conditions.values()), lastError, history, appliedCommit, updatedAt, notices, keptVolumes);
        }
    }
}
