package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.compose.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ActionGraphTest {
    static ServiceSpec spec(String name, String... deps) {
        return new ServiceSpec(name, "r/" + name + ":1", null, null, Map.of(), List.of(), null,
                Arrays.stream(deps).map(d -> new DependsOn(d, DependsOn.Condition.SERVICE_HEALTHY)).toList(),
                "no", Map.of(), "host", null, null, null);
    }

    static Action recreate(String name, String... deps) {
        return new RecreateService(spec(name, deps), "h", Version.parse("1.1.0"), "id-" + name, List.of("image"), Reason.IMAGE_CHANGED);
    }

    @Test
    void aServiceWaitsOnlyForWhatItDependsOnAndTheBarrierBeforeIt() {
        List<Action> plan = List.of(new ExportRelease(Version.parse("1.1.0"), List.of()),          // 0
                recreate("cache"), recreate("db"), recreate("api", "db"), recreate("worker", "db"), // 1-4
                recreate("web", "api"),                                                            // 5
                new RecordInstalled(Version.parse("1.1.0"), Version.parse("1.0.0")));              // 6
        ActionGraph g = ActionGraph.of(plan);
        assertThat(g.prerequisites()).containsExactly(Set.of(), Set.of(0), Set.of(0), Set.of(0, 2), Set.of(0, 2),
                Set.of(0, 3), Set.of(0, 1, 2, 3, 4, 5));
    }

    @Test
    void everythingButCreationsAndRecreationsIsABarrier() {
        List<Action> plan = List.of(new StartService("a", "id-a", "stopped"), new StartService("b", "id-b", "stopped"),
                new RemoveContainer("x", "p_c_1", "left over"), new CreateService(spec("c"), "h", Version.parse("1"), "missing"),
                new CreateService(spec("d"), "h", Version.parse("1"), "missing"), new RemoveContainer("y", "p_e_1", "gone"));
        assertThat(ActionGraph.of(plan).prerequisites()).containsExactly(Set.of(), Set.of(0), Set.of(1), Set.of(2),
                Set.of(2), Set.of(2, 3, 4));
    }

    @Test
    void aDependencyOnAServiceBeforeABarrierIsCoveredByTheBarrier() {
        List<Action> plan = List.of(recreate("db"), new RemoveContainer("x", "old-api", "left over"), recreate("api", "db"));
        assertThat(ActionGraph.of(plan).prerequisites()).containsExactly(Set.of(), Set.of(0), Set.of(1));
    }

    @Test
    void aDependencyChainIsFullySequential() {
        List<Action> plan = List.of(recreate("db"), recreate("api", "db"), recreate("web", "api"));
        assertThat(ActionGraph.of(plan).prerequisites()).containsExactly(Set.of(), Set.of(0), Set.of(1));
    }
}
