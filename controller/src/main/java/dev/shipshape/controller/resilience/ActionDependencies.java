package dev.shipshape.controller.resilience;

import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.AdoptContainer;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.ReplaceWindow;
import dev.shipshape.model.plan.RemoveContainer;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.plan.RestoreSnapshot;
import dev.shipshape.model.plan.TakeSnapshot;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.model.plan.StopService;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which outside system an action calls. Every kind of action is listed, even those that call none,
 * so a new kind of action fails loudly here instead of silently running without protection.
 */
public final class ActionDependencies {
    private static final Map<Class<? extends Action>, Optional<Dependency>> BY_TYPE = Map.ofEntries(
            Map.entry(DownloadRelease.class, Optional.of(Dependency.RELEASE_SOURCE)),
            // the engine does the pull, but what fails when a pull fails is nearly always the registry
            Map.entry(PullImages.class, Optional.of(Dependency.REGISTRY)),
            // local files only: a failing disk is not helped by a breaker
            Map.entry(ExportRelease.class, Optional.empty()),
            Map.entry(RecordInstalled.class, Optional.empty()),
            Map.entry(AdoptContainer.class, Optional.empty()),
            Map.entry(CreateService.class, Optional.of(Dependency.DOCKER_ENGINE)),
            Map.entry(RecreateService.class, Optional.of(Dependency.DOCKER_ENGINE)),
            Map.entry(ReplaceWindow.class, Optional.of(Dependency.DOCKER_ENGINE)),
            Map.entry(StartService.class, Optional.of(Dependency.DOCKER_ENGINE)),
            Map.entry(StopService.class, Optional.of(Dependency.DOCKER_ENGINE)),
            Map.entry(RemoveContainer.class, Optional.of(Dependency.DOCKER_ENGINE)),
            // one-shot job containers run on the engine
            Map.entry(RunJob.class, Optional.of(Dependency.DOCKER_ENGINE)),
            // the archive endpoints, pause and volumes of the engine (and local files)
            Map.entry(TakeSnapshot.class, Optional.of(Dependency.DOCKER_ENGINE)),
            Map.entry(RestoreSnapshot.class, Optional.of(Dependency.DOCKER_ENGINE)));

    private ActionDependencies() {
    }

    /** The dependency {@code action} calls, or empty when it only touches local files. */
    public static Optional<Dependency> of(Action action) {
        Optional<Dependency> dependency = BY_TYPE.get(action.getClass());
        if (dependency == null) {
            throw new IllegalStateException("no dependency is declared for actions of kind " + action.kind()
                    + " (" + action.getClass().getName() + "); add it to ActionDependencies");
        }
        return dependency;
    }

    /** The kinds of action declared here; a test checks that no kind is missing. */
    static Set<Class<? extends Action>> declaredTypes() {
        return BY_TYPE.keySet();
    }
}
