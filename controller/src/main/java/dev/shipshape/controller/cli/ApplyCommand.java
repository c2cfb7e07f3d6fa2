package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.Converger;
import dev.shipshape.controller.ProjectLock;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.doctor.Doctor;
import dev.shipshape.controller.doctor.Preflight;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "apply", description = "Converge the server to the desired state once, then exit.%n"
        + "Exit codes: 0 converged, 1 error (with the reason).")
final class ApplyCommand extends ProjectCommand {
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
            // refuses, before anything changes, when a check fails
            Preflight.require(injector.getInstance(Doctor.class), project, out);
        }
        Converger.Result result;
        // apply and a running controller must not act on the same project at once
        try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), "shipshape apply")) {
            result = injector.getInstance(Converger.class).converge(project,
                    new Reconciliation.ProgressListener() {
                        @Override
                        public void starting(Action action) {
                            out.println("  - " + action.describe());
                            out.flush();
                        }
                    });
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

        result.finalPlan().notices().forEach(n -> out.println("notice: " + n));
        out.flush();
        return 0;
    }
}
