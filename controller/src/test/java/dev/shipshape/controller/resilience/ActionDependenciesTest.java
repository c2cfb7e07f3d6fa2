package dev.shipshape.controller.resilience;

import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RemoveContainer;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.model.plan.StopService;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ActionDependenciesTest {
    private static final Version V = Version.parse("1.0.0");

    @Test
    void mapsEachActionToTheSystemItCalls() {
        assertThat(ActionDependencies.of(new DownloadRelease(V, URI.create("file:///r.zip"))))
                .contains(Dependency.RELEASE_SOURCE);
        assertThat(ActionDependencies.of(new PullImages(List.of()))).contains(Dependency.REGISTRY);
        assertThat(ActionDependencies.of(new ExportRelease(V, List.of()))).isEmpty();
        assertThat(ActionDependencies.of(new RecordInstalled(V, null))).isEmpty();
        assertThat(ActionDependencies.of(new StartService("api", "id", "stopped"))).contains(Dependency.DOCKER_ENGINE);
        assertThat(ActionDependencies.of(new StopService("api", "id"))).contains(Dependency.DOCKER_ENGINE);
        assertThat(ActionDependencies.of(new RemoveContainer("id", "x-1", "orphan"))).contains(Dependency.DOCKER_ENGINE);
    }

    @Test
    void everyKindOfActionIsDeclared() {
        assertThat(ActionDependencies.declaredTypes()).isEqualTo(Set.of(Action.class.getPermittedSubclasses()));
    }
}
