package dev.shipshape.controller.it;

import com.google.inject.Guice;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.model.desired.DesiredFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealIT {
    /** An event, a pass, a start: seconds, not the hour of the resync. */
    private static final Duration HEAL_BOUND = Duration.ofSeconds(10);

    TestProject project;
    Controller controller;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        project = TestProject.withExampleReleases(tmp);
        project.writeDesired("1.0.0");
        controller = Guice.createInjector(dev.shipshape.controller.wiring.Modules.controller()).getInstance(Controller.class);
        controller.start(new Controller.Settings(project.desiredFile, "127.0.0.1", 0, Duration.ofHours(1), Duration.ofSeconds(20)),
                DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)));
        await().atMost(Duration.ofSeconds(90)).until(() -> get("/readyz").statusCode() == 200);
    }

    @AfterAll
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (project != null) {
            project.close();
        }
    }

    private record Service(String name, int port, String path, String serves) {
    }

    @Test
    void killedAndRemovedContainersComeBackOneAfterAnotherWithoutTheResync() {
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
                .untilAsserted(() -> assertThat(project.get(s.port(), s.path())).contains(s.serves()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controller.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
