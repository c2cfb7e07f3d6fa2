package dev.shipshape.controller.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Heals come from Docker's events alone: with the periodic resync an hour away, one container after
 * another is killed or removed as soon as the last one serves again, and each comes back. The engine
 * sends {@code kill} and {@code die} before its container list shows the container stopped, so a
 * pass woken by them can still see it running; the loop must look again once the engine has settled.
 */
class HealIT {
    /** An event, a pass, a start: seconds, not the hour of the resync. */
    private static final Duration HEAL_BOUND = Duration.ofSeconds(10);

    @RegisterExtension
    static final RunningController running = RunningController.builder().resync(Duration.ofHours(1)).build();

    private record Service(String name, int port, String path, String serves) {
    }

    @Test
    void killedAndRemovedContainersComeBackOneAfterAnotherWithoutTheResync() {
        TestProject project = running.project();
        List<Service> services = List.of(new Service("web", project.webPort, "/index.html", "1.0.0"),
                new Service("api", project.apiPort, "/status.json", "1.0.0"));
        // three times each, within the crash-loop cap (restart attempts of one service in a window)
        for (Service s : services) {
            project.docker.killContainerCmd(project.containerIds().get(s.name())).exec();
            awaitServing(s, "killed " + s.name());
            project.docker.removeContainerCmd(project.containerIds().get(s.name())).withForce(true).exec();
            awaitServing(s, "removed " + s.name());
            project.docker.killContainerCmd(project.containerIds().get(s.name())).exec();
            awaitServing(s, "killed " + s.name() + " again");
        }
    }

    private void awaitServing(Service s, String what) {
        await().alias(what + " serves again").atMost(HEAL_BOUND).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(running.project().get(s.port(), s.path())).contains(s.serves()));
    }
}
