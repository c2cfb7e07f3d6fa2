package dev.shipshape.controller.cli;

import dev.shipshape.controller.Reconciliation;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "plan", description = "Show what would change; change nothing.%n"
        + "Exit codes: 0 nothing to do, 2 changes pending, 1 error.")
final class PlanCommand implements Callable<Integer> {
    static final int CHANGES_PENDING = 2;

    @Mixin
    DesiredFileOption file;

    @Mixin
    OutputOption output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ProjectContext project = file.load();
        Plan plan = Injection.injector().getInstance(Reconciliation.class).plan(project);
        if (output.json()) {
            PlanPrinter.json(project.project(), plan, spec.commandLine().getOut());
        } else {
            PlanPrinter.text(project.project(), plan, spec.commandLine().getOut());
        }
        return plan.converged() ? 0 : CHANGES_PENDING;
    }
}
