package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.status.UpdatesStatus;
import dev.shipshape.controller.updates.ReleaseUpdates;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;


@Command(name = "plan", description = "Show what would change; change nothing, except that a release not in the package"
        + " store yet is downloaded and verified into it first (as diff and export do), so the plan can show what"
        + " restarts.%nExit codes: 0 nothing to do, 2 changes pending, 1 error.")
final class PlanCommand extends ProjectCommand {
    static final int CHANGES_PENDING = 2;
    /** Rounds of fetching: the target, then the hops its manifest reveals, then theirs. */
    private static final int MAX_FETCH_ROUNDS = 4;

    @Option(names = "--no-fetch", description = "do not download a release that is not in the package store yet; the"
            + " plan then stops at \"download\" and cannot say which services restart")
    boolean noFetch;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        ProjectContext loaded = file.load();
        Injector injector = Injection.injector();
        // spec.updates: plan for the effective target (the index is read when its check is due)
        ReleaseUpdates.Effective effective = injector.getInstance(ReleaseUpdates.class).effective(loaded.desired(), false);
        ProjectContext project = new ProjectContext(effective.file(), loaded.paths(), loaded.cancellation(), loaded.records());
        Reconciliation reconciliation = injector.getInstance(Reconciliation.class);
        Plan plan = reconciliation.plan(project);
        // A downloaded package can show a path the plan did not know (1.3.0 upgrades only from 1.1.0), whose
        // packages are fetched in turn; each version once, and a path is a few hops at most.
        Set<Version> fetched = new HashSet<>();
        for (int round = 0; round < MAX_FETCH_ROUNDS && !noFetch; round++) {
            List<DownloadRelease> downloads = downloads(plan, project).stream().filter(d -> fetched.add(d.version())).toList();
            if (downloads.isEmpty() || !fetch(injector, project, downloads)) {
                break;
            }
            plan = reconciliation.plan(project);
        }
        PathNotices path = pathNotices(plan, project);
        if (output.json()) {
            Map<String, Object> doc = PlanPrinter.document(project.project(), plan, path);
            UpdatesStatus u = effective.status();
            if (u != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("policy", u.policy());
                m.put("mode", u.mode());
                m.put("target", u.target().toString());
                m.put("why", u.why());
                m.put("available", u.available() == null ? null : u.available().toString());
                m.put("pending", u.pending() == null ? null : u.pending().toString());
                m.put("reason", u.reason());
                m.put("indexError", u.indexError());
                doc.put("updates", m);
            }
            PlanPrinter.json(doc, out());
        } else {
            updates(effective, out());
            PlanPrinter.text(project.project(), plan, path, out());
        }
        return plan.converged() ? 0 : CHANGES_PENDING;
    }

    /** What spec.updates found: the effective target and why, a newer release, an index that could not be read. */
    static void updates(ReleaseUpdates.Effective effective, PrintWriter out) {
        UpdatesStatus u = effective.status();
        if (u == null) {
            return;
        }
        out.printf("updates (policy %s, mode %s): target %s, from %s: %s%n", u.policy(), u.mode(), u.target(), u.why(),
                u.reason());
        if (u.indexError() != null) {
            out.println("release index: " + u.indexError());
        }
    }

    /**
     * Downloads and verifies the packages the plan would download, so planning again sees their services.
     * The package store is shipshape's cache: nothing that runs changes, and apply would download the same.
     */
    private boolean fetch(Injector injector, ProjectContext project, List<DownloadRelease> downloads) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            StoreFetch.fetch(injector, project, downloads, "shipshape plan", err);
            return true;
        } catch (ShipshapeException e) {
            // A plan that stops at the download still answers part of the question; apply would meet the same error.
            err.printf("could not fetch the release: %s%nthe plan below stops at the download and cannot show what"
                    + " restarts (--no-fetch skips the download)%n", e.getMessage());
            return false;
        } finally {
            err.flush();
        }
    }

    /**
     * The downloads of the plan, held by a closed window or not (a window holds what changes the server, not the
     * cache), and the packages of the later releases on the upgrade path, whose notices the plan shows.
     */
    private static List<DownloadRelease> downloads(Plan plan, ProjectContext project) {
        Stream<Action> held = plan.held() == null ? Stream.empty() : plan.held().actions().stream();
        PackageStore store = new PackageStore(project.paths());
        Stream<DownloadRelease> later = plan.path().stream().filter(v -> store.dir(v).isEmpty())
                .map(v -> new DownloadRelease(v, project.desired().spec().source().urlFor(v)));
        return Stream.concat(Stream.concat(plan.actions().stream(), held)
                .filter(DownloadRelease.class::isInstance).map(DownloadRelease.class::cast), later).distinct().toList();
    }

    /** The final target and the notices of every release on the path whose package is in the store. */
    private static PathNotices pathNotices(Plan plan, ProjectContext project) {
        PackageStore store = new PackageStore(project.paths());
        Map<Version, List<String>> notices = new LinkedHashMap<>();
        notices.put(plan.target(), plan.notices());
        List<Version> unknown = new ArrayList<>();
        for (Version v : plan.path()) {
            Optional<ReleaseManifest> manifest;
            try {
                manifest = store.manifest(v);
            } catch (RuntimeException e) {
                manifest = Optional.empty(); // a broken package is reported when its hop is planned
            }
            manifest.ifPresentOrElse(m -> notices.put(v, m.notices()), () -> unknown.add(v));
        }
        return new PathNotices(project.desired().spec().version(), notices, unknown);
    }
}
