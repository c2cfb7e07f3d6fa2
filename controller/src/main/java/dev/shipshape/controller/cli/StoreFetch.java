package dev.shipshape.controller.cli;

import com.google.inject.Injector;
import dev.shipshape.controller.ProjectLock;
import dev.shipshape.controller.resilience.ResilientDispatcher;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.reconcilers.ProjectContext;

import java.io.PrintWriter;
import java.util.List;

/**
 * Downloads and verifies release packages into the package store before a command looks at them
 * ({@code plan}, {@code apply}'s preflight). The store is shipshape's cache: nothing that runs changes,
 * and {@code apply} would download the same packages.
 */
final class StoreFetch {
    private StoreFetch() {
    }

    /** Fetches {@code downloads} under the project lock, saying so on {@code err}; throws what the first failure raised. */
    static void fetch(Injector injector, ProjectContext project, List<DownloadRelease> downloads, String holder, PrintWriter err) {
        try (ProjectLock lock = ProjectLock.acquire(project.paths(), project.project(), holder)) {
            for (DownloadRelease download : downloads) {
                err.printf("release %s is not in the package store yet: downloading and verifying it (nothing else"
                        + " changes)%n", download.version());
                err.flush();
                injector.getInstance(ResilientDispatcher.class).run(download, project);
            }
        }
    }
}
