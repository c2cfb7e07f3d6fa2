package dev.shipshape.controller.cli;

import dev.shipshape.controller.ProjectLock;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.resilience.ResilientDispatcher;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "export", description = "The runbook's export: download and verify the release of spec.version, generate"
        + " missing secrets and render export/ (compose.yaml and config files). No container is touched.%n"
        + "Exit codes: 0 exported, 1 error.")
final class ExportCommand extends ProjectCommand {
    /** download, then export: two steps at most, and one more look to confirm. */
    private static final int MAX_STEPS = 3;

    @Override
    public Integer call() {
        ProjectContext project = file.load();
        PrintWriter out = out();
        var injector = Injection.injector();
        Reconciliation reconciliation = injector.getInstance(Reconciliation.class);
        ResilientDispatcher dispatcher = injector.getInstance(ResilientDispatcher.class);
        try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), "shipshape export")) {
            for (int step = 0; step < MAX_STEPS; step++) {
                Plan plan = reconciliation.plan(project);
                List<Action> preparing = plan.actions().stream()
                        .filter(a -> a instanceof DownloadRelease || a instanceof ExportRelease).toList();
                if (preparing.isEmpty()) {
                    out.printf("exported %s %s into %s%n", project.project(), project.desired().spec().version(),
                            project.paths().export());
                    out.flush();
                    return 0;
                }
                for (Action a : preparing) {
                    out.println("  - " + a.describe());
                    out.flush();
                    dispatcher.run(a, project);
                }
            }
        }
        throw new dev.shipshape.model.ShipshapeException("the export did not settle after " + MAX_STEPS
                + " steps; run `shipshape plan` to see what remains");
    }
}
