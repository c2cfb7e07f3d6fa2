package dev.shipshape.controller.status;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.PlanRefusedException;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.records.ProjectRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The status of one project, kept up to date by the control loop and written to the status file on
 * every change. Thread-safe: the loop writes while HTTP requests read {@link #snapshot()}.
 *
 * <p>Contract with the loop: before each pass it reads the desired file; if the file is invalid it
 * calls {@link #desiredInvalid}, otherwise {@link #reconcileStarted} with the file just read, then
 * exactly one of {@link #reconcileFinished}, {@link #reconcileFailed} or {@link #suspended}.
 *
 * <p>This class decides what each event means for the conditions and the history; {@link StatusDraft}
 * holds a status while it changes, {@link PublishedStatus} keeps and writes it, and
 * {@link StatusMessages} words what a plan leaves to do.
 */
public final class StatusTracker {
    public static final int HISTORY_SIZE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    private final PublishedStatus status;
    private final Clock clock;
    /** The named volumes kept when their service went away, read after every finished pass. */
    private final Supplier<List<String>> keptVolumes;

    private Instant runStartedAt;
    /** The newest desired state was refused while an older good one is reconciled (a bad Git commit). */
    private SourceProblem sourceProblem;

    private record SourceProblem(String reason, String generation, String message) {
    }

    /** A fresh status: nothing reconciled yet. Does no I/O. */
    public StatusTracker(String project, Path projectDir, Clock clock) {
        this(StatusDraft.initial(project, clock.instant().truncatedTo(ChronoUnit.MILLIS)), projectDir, clock);
    }

    private StatusTracker(ServerStatus initial, Path projectDir, Clock clock) {
        this(new PublishedStatus(initial, projectDir), clock, new ProjectRecords(new ProjectPaths(projectDir)).keptVolumes()::read);
    }

    StatusTracker(PublishedStatus status, Clock clock, Supplier<List<String>> keptVolumes) {
        this.status = status;
        this.clock = clock;
        this.keptVolumes = keptVolumes;
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
        return status.current();
    }

    /** The newest desired file cannot be used; the server keeps running as it is. */
    public synchronized void desiredInvalid(String generation, String error) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.desiredGeneration = generation;
        d.lastError = error;
        d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, "InvalidDesiredState", error, now);
        d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "InvalidDesiredState",
                "the desired file is invalid; nothing is changed until it is fixed", now);
        d.record(new RunRecord(now, 0, RunResult.INVALID, List.of(), error));
        status.publish(d, now);
    }

    /**
     * The newest desired state was refused, but an older good one keeps being reconciled (the last good
     * commit of a followed branch): Degraded with {@code reason} until a good one arrives, however well
     * the older state reconciles. Reported once per distinct problem; {@code reason} null clears it.
     */
    public synchronized void sourceProblem(String reason, String generation, String message) {
        SourceProblem next = reason == null ? null : new SourceProblem(reason, generation, message);
        if (Objects.equals(next, sourceProblem)) {
            return;
        }
        sourceProblem = next;
        if (next == null) {
            return; // the next finished pass clears Degraded
        }
        Instant now = now();
        StatusDraft d = status.draft();
        d.desiredGeneration = generation;
        d.lastError = message;
        d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, reason, message, now);
        d.record(new RunRecord(now, 0, RunResult.INVALID, List.of(), message));
        status.publish(d, now);
    }

    public synchronized void reconcileStarted(DesiredFile file) {
        Instant now = now();
        runStartedAt = now;
        StatusDraft d = status.draft();
        d.desiredGeneration = sourceProblem != null ? sourceProblem.generation() : file.generation();
        d.targetVersion = file.spec().version();
        if (!file.generation().equals(status.current().observedGeneration())) {
            // Only a new desired file counts as progress; periodic resyncs of the same file do not
            // flip Progressing back and forth.
            d.set(ConditionType.PROGRESSING, ConditionStatus.TRUE, "NewDesiredState",
                    "reconciling a new desired file (version " + file.spec().version() + ")", now);
        }
        status.publish(d, now);
    }

    /** A pass (or passes) ended without error; {@code finalPlan} is the plan of the last pass. */
    public synchronized void reconcileFinished(DesiredFile file, Plan finalPlan, List<Action> done, long millis) {
        Instant now = now();
        StatusDraft d = reconciled(file);
        d.lastError = null;
        d.waitingForApproval = finalPlan.waitingFor().stream()
                .filter(w -> w.startsWith(dev.shipshape.model.plan.ApprovalPolicy.WAITING_PREFIX)).findFirst()
                .orElseGet(() -> d.updates != null && "approve".equals(d.updates.mode()) && d.updates.pending() != null
                        ? "release " + d.updates.pending() + " (spec.updates, mode approve): run shipshape approve -f FILE"
                        + " --version " + d.updates.pending() : null);
        d.notices = finalPlan.notices();
        d.keptVolumes = keptVolumes.get();
        if (finalPlan.rollback() != null) {
            // The previous version serves, but the desired one failed: degraded, and not ready, until the file changes.
            String why = StatusMessages.rollback(finalPlan, file);
            d.lastError = why;
            d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, file.spec().rollout().autoRollback()
                    ? "RollbackAfterFailedUpgrade" : "RolloutFailed", why, now);
            d.set(ConditionType.READY, ConditionStatus.FALSE, "RolloutFailed", why, now);
            d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "WaitingForDesiredChange",
                    "not retried until the desired file changes", now);
            RunResult result = done.isEmpty() ? RunResult.CONVERGED : RunResult.CHANGED;
            d.record(new RunRecord(started(now, millis), millis, result, StatusMessages.labels(done), null));
            status.publish(d, now);
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
            String remaining = StatusMessages.remaining(finalPlan);
            d.set(ConditionType.READY, ConditionStatus.FALSE, "NotConverged", remaining, now);
            d.set(ConditionType.PROGRESSING, ConditionStatus.TRUE, "ActionsPending", remaining, now);
        }
        RunResult result = finalPlan.converged() && done.isEmpty() ? RunResult.CONVERGED : RunResult.CHANGED;
        d.record(new RunRecord(started(now, millis), millis, result, StatusMessages.labels(done), null));
        status.publish(d, now);
    }

    /** A pass failed; {@code willRetry} says whether the loop retries on its own or waits for a new desired file. */
    public synchronized void reconcileFailed(DesiredFile file, Throwable error, boolean willRetry, long millis) {
        Instant now = now();
        String message = SafeMessage.of(error);
        String reason = error instanceof PlanRefusedException ? "PlanRefused" : "ReconcileFailed";
        StatusDraft d = reconciled(file);
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
        status.publish(d, now);
    }

    /**
     * Something outside a single pass is wrong (e.g. reason {@code CrashLoop}: a service keeps dying);
     * the server is not at its desired state, so Ready turns False as well.
     */
    public synchronized void degraded(String reason, String message) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.lastError = message;
        d.set(ConditionType.DEGRADED, ConditionStatus.TRUE, reason, message, now);
        d.set(ConditionType.READY, ConditionStatus.FALSE, reason, message, now);
        status.publish(d, now);
    }

    /** spec.suspend is set: the pass observed and planned, changed nothing. */
    public synchronized void suspended(DesiredFile file, Plan plan, long millis) {
        Instant now = now();
        StatusDraft d = reconciled(file);
        String why = plan.converged()
                ? "spec.suspend is true: observing only; nothing is pending"
                : "spec.suspend is true: observing only; " + StatusMessages.remaining(plan) + ", none made";
        if (plan.converged()) {
            d.set(ConditionType.READY, ConditionStatus.TRUE, "Converged",
                    "the server is at the desired state (version " + plan.target() + ")", now);
        } else {
            d.set(ConditionType.READY, ConditionStatus.FALSE, "Suspended", why, now);
        }
        d.set(ConditionType.PROGRESSING, ConditionStatus.FALSE, "Suspended", why, now);
        d.record(new RunRecord(started(now, millis), millis, RunResult.SUSPENDED, List.of(), null));
        status.publish(d, now);
    }

    /** The installed version changed (recorded by an action, or read at start). */
    public synchronized void installedVersion(Version version) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.currentVersion = version;
        status.publish(d, now);
    }

    /** The project's containers as a pass found them. */
    public synchronized void services(List<ServiceStatus> services) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.services = services;
        status.publish(d, now);
    }

    /** On a swarm: the tasks of the project's services and the swarm's nodes, as a pass found them. */
    public synchronized void swarm(List<ServiceStatus> services, List<NodeStatus> nodes) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.services = services;
        d.nodes = nodes;
        status.publish(d, now);
    }

    /** Each notification target's last delivery (from the notifier, on every change). */
    public synchronized void notifications(List<NotificationStatus> notifications) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.notifications = notifications;
        status.publish(d, now);
    }

    /** What spec.updates found on this pass (null: the desired file has no spec.updates). */
    public synchronized void updates(UpdatesStatus updates) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.updates = updates;
        status.publish(d, now);
    }

    /** The Git commit the reconciled desired file came from, for controllers that follow a branch. */
    public synchronized void appliedCommit(AppliedCommit commit) {
        Instant now = now();
        StatusDraft d = status.draft();
        d.appliedCommit = commit;
        status.publish(d, now);
    }

    /** Milliseconds are precise enough for people and keep the JSON short. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private StatusDraft reconciled(DesiredFile file) {
        StatusDraft d = status.draft();
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
}
