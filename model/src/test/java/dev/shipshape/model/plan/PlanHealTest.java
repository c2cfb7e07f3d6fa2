package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.shipshape.model.plan.ActionGraphTest.recreate;
import static dev.shipshape.model.plan.ActionGraphTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Which plans only bring services back: the control loop may cut their health waits short. */
class PlanHealTest {
    static final Version V1 = Version.parse("1.0.0");
    static final Version V2 = Version.parse("1.1.0");

    static Plan plan(Version target, Version installed, Action... actions) {
        return new Plan(target, installed, List.of(actions), List.of(), List.of());
    }

    static CreateService create(String name) {
        return new CreateService(spec(name), "h", V1, "no container");
    }

    @Test
    void createsAndStartsAtTheInstalledVersionAreHeals() {
        assertThat(plan(V1, V1, create("db"), new StartService("api", "id-api", "container is exited")).healedServices())
                .contains(Set.of("db", "api"));
    }

    @Test
    void anythingElseIsNot() {
        assertThat(plan(V1, V1).healedServices()).as("converged").isEmpty();
        assertThat(plan(V2, V1, create("db")).healedServices()).as("a rollout creates too").isEmpty();
        assertThat(plan(V1, null, create("db")).healedServices()).as("a first install").isEmpty();
        assertThat(plan(V1, V1, create("db"), recreate("api")).healedServices()).as("a recreate").isEmpty();
        assertThat(plan(V1, V1, new StartService("db", "id-db", "container is exited"),
                new RemoveContainer("id-x", "demo-x-1", "not in the release", true)).healedServices())
                .as("a removal").isEmpty();
        assertThat(plan(V1, V1, StartService.healthRecheck("db", "id-db", "starting")).healedServices())
                .as("a health recheck of an interrupted rollout").isEmpty();
    }
}
