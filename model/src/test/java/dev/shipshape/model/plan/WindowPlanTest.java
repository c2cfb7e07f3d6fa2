package dev.shipshape.model.plan;

import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.desired.ServerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.shipshape.model.plan.PlannerTest.M2;
import static dev.shipshape.model.plan.PlannerTest.R1;
import static dev.shipshape.model.plan.PlannerTest.R2;
import static dev.shipshape.model.plan.PlannerTest.convergedV1;
import static dev.shipshape.model.plan.PlannerTest.desired;
import static dev.shipshape.model.plan.PlannerTest.kinds;
import static dev.shipshape.model.plan.PlannerTest.running;
import static dev.shipshape.model.plan.PlannerTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rollout.strategy: window in plans (issue 17): what the window holds, where it goes, its layers. Pure. */
class WindowPlanTest {
    private final Planner planner = new Planner();

    private static ServerSpec windowSpec(String version) {
        ServerSpec s = spec(version);
        return new ServerSpec(s.version(), s.source(), s.projectDir(), s.config(), s.images(),
                s.rollout().withStrategy(RolloutStrategy.WINDOW), s.state(), s.suspend());
    }

    @Test
    void theDefaultStrategyIsTheWindow() {
        assertThat(Rollout.DEFAULTS.strategy()).isEqualTo(RolloutStrategy.WINDOW);
        assertThat(RolloutStrategy.parse("one-at-a-time")).isEqualTo(RolloutStrategy.ONE_AT_A_TIME);
        assertThatThrownBy(() -> RolloutStrategy.parse("all")).hasMessageContaining("not a rollout strategy");
    }

    @Test
    void anUpgradeReplacesTheChangedServicesInOneWindowAfterThePullAndBeforeTheRecord() {
        DesiredState d = desired(windowSpec("1.1.0"), M2, R2);
        Plan plan = planner.plan(d, convergedV1(running(R1, "1.0.0")));

        assertThat(kinds(plan)).containsExactly("pull", "export", "window", "record");
        ReplaceWindow w = (ReplaceWindow) plan.actions().get(2);
        assertThat(w.replaced()).extracting(RecreateService::service).containsExactly("api", "web");
        assertThat(w.replaced().get(0).oldContainerId()).isEqualTo("cid-api-1.0.0");
        assertThat(w.disruptive()).isTrue();
        assertThat(w.why()).isEqualTo(Reason.IMAGE_CHANGED);
        // web depends on api: api first; db is not in the window (unchanged), so api waits for nothing in it
        assertThat(w.layers()).containsExactly(List.of("api"), List.of("web"));
        assertThat(w.waitsFor("api")).isEmpty();
        assertThat(w.waitsFor("web")).extracting(DependsOn::service).containsExactly("api");
        assertThat(w.describe()).contains("[api | web]");
        // a barrier in the action graph: everything before it is done, nothing after it starts
        assertThat(ActionGraph.of(plan.actions()).runsAlone(2)).isTrue();
    }

    @Test
    void oneAtATimeKeepsOneReplacementPerService() {
        Plan plan = planner.plan(desired(spec("1.1.0"), M2, R2), convergedV1(running(R1, "1.0.0")));
        assertThat(kinds(plan)).containsExactly("pull", "export", "recreate", "recreate", "record");
    }

    @Test
    void layersFollowDependsOnWhateverOrderTheServicesAreListedIn() {
        var compose = new ComposeParser("compose.yaml", f -> Optional.empty()).parse("""
                services:
                  web: {image: "w:2", depends_on: [api, cache], network_mode: host}
                  api: {image: "a:2", depends_on: {db: {condition: service_healthy}}, network_mode: host}
                  cache: {image: "c:2", network_mode: host}
                  db: {image: "d:2", network_mode: host}
                  worker: {image: "k:2", depends_on: [db], network_mode: host}
                """);
        List<RecreateService> members = compose.startOrder().stream()
                .map(s -> new RecreateService(s, "h", null, "old-" + s.name(), List.of("image changed"), Reason.IMAGE_CHANGED))
                .toList();
        ReplaceWindow w = new ReplaceWindow(members, List.of(), null);

        List<List<String>> layers = w.layers();
        assertThat(layers).hasSize(3);
        assertThat(layers.get(0)).containsExactlyInAnyOrder("db", "cache");
        assertThat(layers.get(1)).containsExactlyInAnyOrder("api", "worker");
        assertThat(layers.get(2)).containsExactly("web");
        assertThat(w.waitsFor("api")).containsExactly(new DependsOn("db", DependsOn.Condition.SERVICE_HEALTHY));
    }
}
