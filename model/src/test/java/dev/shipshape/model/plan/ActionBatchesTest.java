package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.compose.ServiceSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActionBatchesTest {
    static ServiceSpec spec(String name, String... deps) {
        return new ServiceSpec(name, "r/" + name + ":1", null, null, Map.of(), List.of(), null,
                Arrays.stream(deps).map(d -> new DependsOn(d, DependsOn.Condition.SERVICE_HEALTHY)).toList(),
                "no", Map.of(), "host", null, null, null);
    }

    static Action recreate(String name, String... deps) {
        return new RecreateService(spec(name, deps), "h", Version.parse("1.1.0"), "id-" + name, List.of("image"), Reason.IMAGE_CHANGED);
    }

    static List<List<String>> names(List<List<Action>> batches) {
        return batches.stream().map(b -> b.stream().map(a -> a.service() == null ? a.kind() : a.service()).toList()).toList();
    }

    @Test
    void independentServicesShareABatchAndADependencyEndsIt() {
        List<Action> plan = List.of(new ExportRelease(Version.parse("1.1.0"), List.of()),
                recreate("cache"), recreate("db"), recreate("api", "db"), recreate("worker", "db"), recreate("web", "api"),
                new RecordInstalled(Version.parse("1.1.0"), Version.parse("1.0.0")));
        assertThat(names(ActionBatches.of(plan))).containsExactly(
                List.of("export"), List.of("cache", "db"), List.of("api", "worker"), List.of("web"), List.of("record"));
    }

    @Test
    void everythingButCreationsAndRecreationsRunsAlone() {
        List<Action> plan = List.of(new StartService("a", "id-a", "stopped"), new StartService("b", "id-b", "stopped"),
                new RemoveContainer("x", "p_c_1", "left over"), new CreateService(spec("c"), "h", Version.parse("1"), "missing"));
        assertThat(ActionBatches.of(plan)).hasSize(4).allSatisfy(b -> assertThat(b).hasSize(1));
    }

    @Test
    void aDependencyChainIsFullySequential() {
        List<Action> plan = List.of(recreate("db"), recreate("api", "db"), recreate("web", "api"));
        assertThat(names(ActionBatches.of(plan))).containsExactly(List.of("db"), List.of("api"), List.of("web"));
    }
}
