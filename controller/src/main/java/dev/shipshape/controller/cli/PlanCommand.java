package dev.shipshape.controller.cli;

import dev.shipshape.controller.Reconciliation;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;


@Command(name = "plan", description = "Show what would change; change nothing.%n"
        + "Exit codes: 0 nothing to do, 2 changes pending, 1 error.")
final class PlanCommand extends ProjectCommand {
    static final int CHANGES_PENDING = 2;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        ProjectContext project = file.load();
        Plan plan = Injection.injector().getInstance(Reconciliation.class).plan(project);
        if (output.json()) {
            PlanPrinter.json(project.project(), plan, out());
        } else {
            PlanPrinter.text(project.project(), plan, out());
        }
        return plan.converged() ? 0 : CHANGES_PENDING;
    }
}
