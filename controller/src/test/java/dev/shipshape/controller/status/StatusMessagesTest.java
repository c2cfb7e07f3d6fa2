package dev.shipshape.controller.status;

import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.StartService;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.shipshape.controller.status.StatusFixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

class StatusMessagesTest {
    private static final StartService WEB = new StartService("web", "c1", "stopped");
    private static final StartService API = new StartService("api", "c2", "stopped");

    @Test
    void remainingNamesTheNextActionAndWhatFollows() {
        assertThat(StatusMessages.remaining(pending("1.1.0", "1.0.0", WEB)))
                .isEqualTo("1 action pending, next: start web");
        assertThat(StatusMessages.remaining(pending("1.1.0", "1.0.0", WEB, API)))
                .isEqualTo("2 actions pending, next: start web");
        Plan waiting = new Plan(Version.parse("1.1.0"), Version.parse("1.0.0"), List.of(), List.of("web to be healthy"), List.of());
        assertThat(StatusMessages.remaining(waiting)).isEqualTo("then: web to be healthy");
        assertThat(StatusMessages.remaining(pending("1.1.0", "1.0.0"))).isEqualTo("changes pending");
    }

    @Test
    void labelsSayWhatWasDone() {
        assertThat(StatusMessages.labels(List.of(WEB, API))).containsExactly("start web", "start api");
    }
}
