package dev.shipshape.controller.loop;

import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.StartService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The heal-cancel rules on their own: which containers going down make the running pass moot. */
class HealCancelTest {
    static final Version V = Version.parse("1.0.0");
    final HealCancel heal = new HealCancel();

    static Plan healing(String... services) {
        List<Action> starts = java.util.Arrays.stream(services).<Action>map(s -> new StartService(s, "cid-" + s, "stopped")).toList();
        return new Plan(V, V, starts, List.of(), List.of());
    }

    static Plan upgrade() {
        return new Plan(Version.parse("1.1.0"), V, List.of(new StartService("web", "cid", "stopped")), List.of(), List.of());
    }

    @BeforeEach
    void start() {
        heal.passStarted();
    }

    @Test
    void anotherServiceGoingDownCancelsAHeal() {
        assertThat(heal.planned(healing("web"))).isEmpty();
        assertThat(heal.ended("api", false)).hasValue("api went down while this pass waited for web to become healthy; looking again");
    }

    @Test
    void aServiceThatEndedBeforeThePlanCancelsItOnceItIsPlannedUnlessThePlanBringsItBack() {
        assertThat(heal.ended("api", false)).isEmpty();
        assertThat(heal.planned(healing("web"))).isPresent();
        heal.passStarted();
        assertThat(heal.ended("web", true)).as("removed before planning: in its plan already").isEmpty();
        assertThat(heal.planned(healing("web"))).isEmpty();
    }

    @Test
    void theAwaitedServiceStoppingLetsItsHealthWaitSayWhyButItsRemovalCancels() {
        heal.planned(healing("web"));
        assertThat(heal.ended("web", false)).isEmpty();
        assertThat(heal.ended("web", true)).hasValueSatisfying(why -> assertThat(why).startsWith("web went down"));
    }

    @Test
    void aRolloutIsNeverCutShort() {
        heal.planned(upgrade());
        assertThat(heal.ended("api", false)).isEmpty();
        assertThat(heal.ended("api", true)).isEmpty();
    }

    @Test
    void aNewPassForgetsWhatEndedDuringTheLastOne() {
        heal.ended("api", false);
        heal.passStarted();
        assertThat(heal.planned(healing("web"))).isEmpty();
    }
}
