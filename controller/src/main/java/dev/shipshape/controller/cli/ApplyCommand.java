package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.Converger;
import dev.shipshape.controller.ProjectLock;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.doctor.Doctor;
import dev.shipshape.controller.doctor.Preflight;
import dev.shipshape.controller.notify.NotificationResults;
import dev.shipshape.controller.notify.Notifier;
import dev.shipshape.controller.status.NodeStatus;
import dev.shipshape.controller.status.ServiceStatus;
import dev.shipshape.controller.status.StatusTracker;
import dev.shipshape.controller.swarm.SwarmTaskCounts;
import dev.shipshape.model.desired.RuntimeKind;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

@Command(name = "apply", description = "Converge the server to the desired state once, then exit.%n"
        + "Exit codes: 0 converged, 1 error (with the reason).")
final class ApplyCommand extends ProjectCommand {
    /** How long apply waits at its end for its notifications to be delivered (retries included) before it exits. */
    static final java.time.Duration NOTIFY_GRACE = java.time.Duration.ofSeconds(15);

    @Option(names = "--skip-preflight", description = "do not run the checks of `shipshape doctor` first (emergencies only)")
    boolean skipPreflight;

    @Override
    public Integer call() {
        ProjectContext project = file.load();
        PrintWriter out = out();
        out.printf("applying %s: project %s, version %s%n", file.file, project.project(), project.desired().spec().version());
        out.flush();
        // one injector for the checks and the work: one Docker client, and wiring paid for once
        Injector injector = Injection.injector();
        if (!skipPreflight) {
            // refuses, before anything changes, when a check fails; ports and registries once the package is in the store
            Version target = project.desired().spec().version();
            DownloadRelease download = new DownloadRelease(target, project.desired().spec().source().urlFor(target));
            Preflight.require(injector.getInstance(Doctor.class), project, out, () -> StoreFetch.fetch(injector, project,
                    List.of(download), "shipshape apply", spec.commandLine().getErr()));
        }
        Converger.Result result;
        // apply and a running controller must not act on the same project at once
        try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), "shipshape apply")) {
            result = convergeRecordingStatus(injector, project, out);
        }
        if (result.suspended()) {
            out.println("spec.suspend is true: nothing was changed. The plan would be:");
            PlanPrinter.text(project.project(), result.finalPlan(), out);
            return 0;
        }
        Plan end = result.finalPlan();
        if (end.rollback() != null) {
            throw new ShipshapeException("the rollout of " + end.rollback().failedVersion() + " failed earlier ("
                    + end.rollback().reason() + ")" + (end.rollback().restoredVersion() == null ? ""
                    : "; " + end.rollback().restoredVersion() + " serves") + ". It is not tried again until the desired"
                    + " file changes: fix the cause, then edit the file (or set another version).");
        }
        if (!end.converged()) {
            out.printf("done for now: %s (%d action%s); waiting for:%n", project.project(), result.actionsTaken(),
                    result.actionsTaken() == 1 ? "" : "s");
            end.waitingFor().forEach(w -> out.println("  - " + w));
            out.flush();
            return 0;
        }
        out.printf("converged: %s runs %s (%d action%s)%n", project.project(), project.desired().spec().version(),
                result.actionsTaken(), result.actionsTaken() == 1 ? "" : "s");

        newNotices(project, result.finalPlan()).forEach(n -> out.println("notice: " + n));
        out.flush();
        return 0;
    }

    /**
     * The release's notices apply has not printed before for this version, remembered as printed: printed on
     * every converged apply, they would soon go unread. {@code shipshape status} and {@code plan} show them all.
     */
    private static List<String> newNotices(ProjectContext project, Plan plan) {
        if (plan.notices().isEmpty()) {
            return List.of();
        }
        try {
            List<String> fresh = project.records().shownNotices().unseen(plan.target(), plan.notices());
            project.records().shownNotices().shown(plan.target(), fresh);
            return fresh;
        } catch (RuntimeException e) {
            // a record that cannot be read or written must not hide a notice, nor fail a converged apply
            return plan.notices();
        }
    }

    /**
     * Converges, and records what came of it in the status file as {@code run} does, so {@code shipshape
     * status} after an apply (a failed and rolled-back one above all) tells what happened and why.
     */
    private static Converger.Result convergeRecordingStatus(Injector injector, ProjectContext project, PrintWriter out) {
        StatusTracker status = StatusTracker.resume(project.project(), project.paths().projectDir(), Clock.systemUTC());
        List<Action> done = new ArrayList<>();
        long started = System.nanoTime();
        status.reconcileStarted(project.desired());
        try {
            Converger.Result result = injector.getInstance(Converger.class).converge(project,
                    new Reconciliation.ProgressListener() {
                        @Override
                        public void starting(Action action) {
                            out.println("  - " + action.describe());
                            out.flush();
                        }

                        @Override
                        public void finished(Action action, long millis) {
                            done.add(action);
                        }
                    });
            long millis = millisSince(started);
            if (result.suspended()) {
                status.suspended(project.desired(), result.finalPlan(), millis);
            } else {
                status.reconcileFinished(project.desired(), result.finalPlan(), done, millis);
            }
            return result;
        } catch (RuntimeException e) {
            status.reconcileFailed(project.desired(), e, false, millisSince(started));
            throw e;
        } finally {
            if (project.desired().spec().runtime() == RuntimeKind.SWARM) {
                // the Swarm services' tasks as the last pass left them (on every node), as run's status has them
                SwarmTaskCounts counts = injector.getInstance(SwarmTaskCounts.class);
                status.swarm(ServiceStatus.ofSwarm(project.project(), counts.last()), NodeStatus.of(counts.nodes()));
            }
            recordInstalled(project, status);
            notificationsSent(injector, project, status);
        }
    }

    /**
     * Gives the notifications this apply raised a bounded time to go out before the process ends; what is still
     * pending then is sent by the next apply or run (the record keeps it). Their results go to the status file.
     */
    private static void notificationsSent(Injector injector, ProjectContext project, StatusTracker status) {
        if (project.desired().spec().notifications().isEmpty()) {
            return;
        }
        Notifier notifier = injector.getInstance(Notifier.class);
        notifier.drain(NOTIFY_GRACE);
        status.notifications(NotificationResults.of(notifier.results(project)));
    }

    /** The version that serves now; a record that cannot be read leaves the status as it was (it is a report). */
    private static void recordInstalled(ProjectContext project, StatusTracker status) {
        try {
            InstalledRecord installed = project.records().installed().read();
            if (installed != null && installed.version() != null) {
                status.installedVersion(installed.version());
            }
        } catch (RuntimeException e) {
            // the apply's own outcome is what matters; the next pass reports the record's problem
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
