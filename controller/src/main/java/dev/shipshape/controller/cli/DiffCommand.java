package dev.shipshape.controller.cli;

import dev.shipshape.controller.ProjectLock;
import dev.shipshape.controller.resilience.ResilientDispatcher;
import dev.shipshape.model.Version;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.diff.ExportDiff;
import dev.shipshape.reconcilers.diff.SecretMask;
import dev.shipshape.reconcilers.diff.UnifiedDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "diff", description = "Show how the exported files (export/compose.yaml and config files) of the installed"
        + " version differ from what the desired state would export now, as a unified diff. Secret values are never"
        + " shown: " + SecretMask.MASK + " is a secret, " + SecretMask.CHANGED + " one whose value changes, "
        + SecretMask.NEW + " one the export would generate. Changes nothing, except that a release not in the package"
        + " store yet is downloaded and verified into it (as export does).%n"
        + "Exit codes: 0 no differences, 2 differences, 1 error.")
final class DiffCommand extends ProjectCommand {
    static final int DIFFERENCES = 2;

    @Option(names = {"-U", "--context"}, defaultValue = "" + UnifiedDiff.DEFAULT_CONTEXT, paramLabel = "N",
            description = "unchanged lines shown around each change (default ${DEFAULT-VALUE})")
    int context;

    @Override
    public Integer call() {
        if (context < 0) {
            throw new dev.shipshape.model.ShipshapeException("--context must be 0 or more, not " + context);
        }
        ProjectContext project = file.load();
        PrintWriter out = out();
        PrintWriter err = spec.commandLine().getErr();
        var injector = Injection.injector();
        Version target = project.desired().spec().version();
        if (new PackageStore(project.paths()).dir(target).isEmpty()) {
            // Like export: the package store is shipshape's cache, not what the server runs with.
            err.printf("release %s is not in the package store yet: downloading and verifying it (nothing else changes)%n", target);
            err.flush();
            try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), "shipshape diff")) {
                injector.getInstance(ResilientDispatcher.class)
                        .run(new DownloadRelease(target, project.desired().spec().source().urlFor(target)), project);
            }
        }
        InstalledRecord installed = project.records().installed().read();
        ExportDiff.Result result = injector.getInstance(ExportDiff.class)
                .diff(project, target, installed == null ? null : installed.version(), context);
        out.print(result.text());
        if (!result.differs()) {
            out.printf("no differences: export/ of %s holds what %s would export%n", project.project(), target);
        } else {
            out.printf("%d file(s) differ%s%s%n", result.paths().size(),
                    result.changedSecrets().isEmpty() ? "" : "; secrets that change: " + String.join(", ", result.changedSecrets()),
                    result.newSecrets().isEmpty() ? "" : "; secrets export would generate: " + String.join(", ", result.newSecrets()));
        }
        out.flush();
        return result.differs() ? DIFFERENCES : 0;
    }
}
