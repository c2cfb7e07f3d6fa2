package dev.shipshape.controller.cli;

import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.RunRecord;
import dev.shipshape.controller.status.ServerStatus;
import dev.shipshape.controller.status.StatusFile;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Prints the status file the controller keeps beside the project. It reads that file rather than
 * asking a running controller, so it works while none runs and never touches Docker.
 */
@Command(name = "status", description = "Conditions Ready / Progressing / Degraded, versions, last error and"
        + " recent runs, as the controller last recorded them.%nExit code: 0.")
final class StatusCommand implements Callable<Integer> {
    static final String NO_STATUS = "no controller has reconciled this project yet; run shipshape run or shipshape apply";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** The project folder: from the desired file, or given directly (a controller following Git has no local file). */
    static final class Target {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "the desired-state file (YAML)")
        Path file;

        @Option(names = "--project-dir", paramLabel = "DIR", description = "the project folder instead of -f, e.g. with"
                + " run --git: <base-dir>/<spec.projectDir>")
        Path projectDir;

        /** The project folder, and the generation of the desired file as it is now (null with --project-dir). */
        Resolved resolve() {
            if (projectDir != null) {
                return new Resolved(projectDir, null);
            }
            DesiredFileOption option = new DesiredFileOption();
            option.file = file;
            // status only reads the project folder's status file, never the files the desired file names
            option.allowPathsOutside = true;
            ProjectContext project = option.load();
            return new Resolved(project.paths().projectDir(), project.desired().generation());
        }
    }

    record Resolved(Path projectDir, String generation) {
    }

    @Mixin
    OutputOption output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Resolved resolved = target.resolve();
        Path projectDir = resolved.projectDir();
        PrintWriter out = spec.commandLine().getOut();
        Optional<String> text = StatusFile.readText(projectDir);
        if (text.isEmpty()) {
            out.println(NO_STATUS);
        } else if (output.json()) {
            out.print(text.get()); // as written, so scripts see exactly what the controller recorded
            if (!text.get().endsWith("\n")) {
                out.println();
            }
        } else {
            print(StatusFile.read(projectDir).orElseThrow(), resolved.generation(), out);
        }
        out.flush();
        return 0;
    }

    private static void print(ServerStatus s, String fileNow, PrintWriter out) {
        out.printf("project %s: installed %s, target %s%n", s.project(),
                s.currentVersion() == null ? "nothing" : s.currentVersion(),
                s.targetVersion() == null ? "unknown" : s.targetVersion());
        if (fileNow != null && !fileNow.equals(s.observedGeneration()) && !fileNow.equals(s.desiredGeneration())) {
            // A controller that stopped leaves its last word behind: say it is about another file than -f's.
            out.printf("STALE: this status was recorded at %s for desired file %s; the file is now %s, which no"
                    + " controller has read yet. A running controller reads it within its resync; if none runs, run"
                    + " shipshape apply -f FILE or start shipshape run%n",
                    s.updatedAt(), shortHash(s.observedGeneration()), shortHash(fileNow));
        }
        out.println("conditions:");
        for (Condition c : s.conditions()) {
            out.printf("  %-12s %-5s %-24s since %s%n", c.type().label(), c.status().label(), c.reason(),
                    c.lastTransitionTime());
            if (!c.message().isEmpty()) {
                out.println("      " + c.message());
            }
        }
        out.println("observed generation: " + shortHash(s.observedGeneration()));
        if (s.desiredGeneration() != null && !s.desiredGeneration().equals(s.observedGeneration())) {
            out.println("newest desired file: " + shortHash(s.desiredGeneration()) + " (not reconciled yet)");
        }
        if (s.appliedCommit() != null) {
            var c = s.appliedCommit();
            out.printf("applied commit: %s (%s, \"%s\") of branch %s, %s%n", c.id(), c.time(), c.subject(), c.branch(), c.path());
        }
        out.println("last error: " + (s.lastError() == null ? "none" : s.lastError()));
        if (!s.nodes().isEmpty()) {
            out.println("Swarm nodes:");
            s.nodes().forEach(n -> out.printf("  %-24s %-7s %-13s %s%n", n.node(), n.availability(), n.state(), n.role()));
        }
        if (s.services().stream().anyMatch(c -> c.desiredTasks() != null)) {
            out.println("Swarm tasks:");
            s.services().forEach(c -> out.printf("  %-24s %-10s on %-14s %s/%s running%s%n", c.container(), c.state(),
                    c.node() == null || c.node().isEmpty() ? "(no node)" : c.node(), c.runningTasks(), c.desiredTasks(),
                    c.error() == null ? "" : "; " + c.error()));
        }
        if (s.updates() != null) {
            var u = s.updates();
            out.printf("updates (policy %s, mode %s): target %s, from %s: %s%n", u.policy(), u.mode(), u.target(), u.why(),
                    u.reason());
            if (u.indexError() != null) {
                out.println("release index unreachable or invalid (checked " + u.checkedAt() + "): " + u.indexError());
            }
        }
        if (s.waitingForApproval() != null) {
            out.println("waiting for approval: " + s.waitingForApproval());
        }
        if (!s.notices().isEmpty()) {
            out.println("notices from the release:");
            s.notices().forEach(n -> out.println("  - " + n));
        }
        if (!s.keptVolumes().isEmpty()) {
            out.println("volumes kept from services the release no longer has (remove by hand once not needed):");
            s.keptVolumes().forEach(v -> out.println("  - " + v));
        }
        if (!s.notifications().isEmpty()) {
            out.println("notifications (last delivery per target):");
            s.notifications().forEach(n -> out.printf("  - %s: %s at %s%s%n", n.target(), n.result(), n.at(),
                    n.error() == null ? "" : " (" + n.error() + ")"));
        }
        if (!s.history().isEmpty()) {
            out.println("recent runs (oldest first):");
            for (RunRecord r : s.history()) {
                out.printf("  %s  %-9s %7d ms%s%s%n", r.startedAt(), r.result().label(), r.durationMillis(),
                        r.actions().isEmpty() ? "" : "  " + String.join(", ", r.actions()),
                        r.error() == null ? "" : "  error: " + r.error());
            }
        }
        out.println("updated at " + s.updatedAt());
    }

    /** The first 12 hex digits, like a short Git hash: enough to tell files apart at a glance. */
    private static String shortHash(String generation) {
        if (generation == null) {
            return "none";
        }
        return generation.length() > 12 ? generation.substring(0, 12) : generation;
    }
}
