package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Stream;


@Command(name = "plan", description = "Show what would change; change nothing, except that a release not in the package"
        + " store yet is downloaded and verified into it first (as diff and export do), so the plan can show what"
        + " restarts.%nExit codes: 0 nothing to do, 2 changes pending, 1 error.")
final class PlanCommand extends ProjectCommand {
    static final int CHANGES_PENDING = 2;

    @Option(names = "--no-fetch", description = "do not download a release that is not in the package store yet; the"
            + " plan then stops at \"download\" and cannot say which services restart")
    boolean noFetch;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        ProjectContext project = file.load();
        Injector injector = Injection.injector();
        Reconciliation reconciliation = injector.getInstance(Reconciliation.class);
        Plan plan = reconciliation.plan(project);
        List<DownloadRelease> downloads = downloads(plan);
        if (!noFetch && !downloads.isEmpty()) {
            fetch(injector, project, downloads);
            plan = reconciliation.plan(project);
        }
        if (output.json()) {
            PlanPrinter.json(project.project(), plan, out());
        } else {
            PlanPrinter.text(project.project(), plan, out());
        }
        return plan.converged() ? 0 : CHANGES_PENDING;
    }

    /**
     * Downloads and verifies the packages the plan would download, so planning again sees their services.
     * The package store is shipshape's cache: nothing that runs changes, and apply would download the same.
     */
    private void fetch(Injector injector, ProjectContext project, List<DownloadRelease> downloads) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            StoreFetch.fetch(injector, project, downloads, "shipshape plan", err);
        } catch (ShipshapeException e) {
            // A plan that stops at the download still answers part of the question; apply would meet the same error.
            err.printf("could not fetch the release: %s%nthe plan below stops at the download and cannot show what"
                    + " restarts (--no-fetch skips the download)%n", e.getMessage());
        }
        err.flush();
    }

    /** The downloads of the plan, held by a closed window or not: a window holds what changes the server, not the cache. */
    private static List<DownloadRelease> downloads(Plan plan) {
        Stream<Action> held = plan.held() == null ? Stream.empty() : plan.held().actions().stream();
        return Stream.concat(plan.actions().stream(), held)
                .filter(DownloadRelease.class::isInstance).map(DownloadRelease.class::cast).distinct().toList();
    }
}
