package dev.shipshape.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import dev.shipshape.reconcilers.runtime.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Docker engine stopped in the middle of an upgrade that {@code shipshape run} carries out,
 * gone for a while, then started again. The engine is a private dockerd of this test
 * ({@link PrivateEngine}; the shared engine is never restarted), fed from the test registry on
 * 127.0.0.1:5000; shipshape runs as a separate JVM with DOCKER_HOST pointing at it. While the
 * engine is gone, {@code apply} exits 1 naming the engine and what to do, and {@code run} reports
 * Degraded and keeps retrying; once the engine is back, {@code run} converges on its own: the new
 * version serves, the data in the db volume is intact, one container per service.
 */
class EngineRestartIT {
    private static final List<String> SERVICES = List.of("web", "api", "db");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theEngineStopsMidUpgradeAndComesBack(@TempDir Path tmp) throws Exception {
        assumeTrue(PrivateEngine.binary().isPresent(), "dockerd is not installed (Debian package docker.io, which"
                + " scripts/test-env.sh installs): this test needs an engine of its own that it can stop");
        assumeTrue(Files.isWritable(Path.of("/run")), "a private dockerd needs root (its exec root and socket live in /run)");
        try (PrivateEngine engine = new PrivateEngine(tmp.resolve("engine"));
             TestProject project = TestProject.withExampleReleases(tmp.resolve("work"))) {
            Path logs = ShipshapeProcess.logDir(project.name);
            engine.start();
            DockerClient docker = engine.docker();
            Map<String, String> env = Map.of("DOCKER_HOST", engine.host(), "SHIPSHAPE_LOG_LEVEL", "INFO");
            String file = project.desiredFile.toString();

            project.writeDesired("1.0.0");
            TestProject.Run install = ShipshapeProcess.run(logs, env, Duration.ofMinutes(3), "apply", "-f", file);
            assertThat(install.exitCode()).as(install.toString()).isZero();
            String payload = "payload-" + project.name;
            writeIntoDbVolume(docker, project, payload);

            int port = freePort();
            try (ShipshapeProcess run = ShipshapeProcess.start(logs, env, "run", "-f", file, "--port",
                    String.valueOf(port), "--resync", "2s")) {
                await("run converged").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                        .until(() -> status(port, "/readyz") == 200);

                project.writeDesired("1.1.0");
                // mid-upgrade: the first new container of 1.1.0 exists (api, recreated before web)
                await("a container of 1.1.0 created").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                        .until(() -> projectContainers(docker, project).stream()
                                .anyMatch(c -> "1.1.0".equals(c.getLabels().get(Labels.VERSION))));
                long pid = engine.pid();
                engine.stop();
                assertThat(ProcessHandle.of(pid)).as("dockerd exited").isEmpty();

                // (a) while the engine is gone: a clear error, and run keeps retrying
                TestProject.Run apply = ShipshapeProcess.run(logs, env, Duration.ofMinutes(1), "apply", "-f", file);
                assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
                assertThat(apply.err()).as(apply.toString()).contains("Docker engine").contains(engine.host())
                        .contains("start Docker");
                await("run reports Degraded naming the engine").atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            JsonNode degraded = condition(port, "Degraded");
                            assertThat(degraded.path("status").asText()).isEqualToIgnoringCase("true");
                            assertThat(degraded.path("message").asText()).contains("Docker engine");
                        });
                assertThat(status(port, "/readyz")).isEqualTo(503);
                String lastFailure = lastFailedRun(port);
                await("run retries while the engine is gone").atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(200)).until(() -> !lastFailedRun(port).equals(lastFailure));
                assertThat(run.process.isAlive()).as("run survives the engine's absence").isTrue();

                // (b) the engine comes back: run converges on its own
                engine.start();
                try {
                    await("run converged on 1.1.0 after the engine came back").atMost(Duration.ofMinutes(3))
                            .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                                assertThat(status(port, "/readyz")).isEqualTo(200);
                                assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
                            });
                } catch (AssertionError | RuntimeException e) {
                    run.dumpThreads();
                    throw e;
                }
                assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0");
                assertThat(project.get(project.dbPort, "/payload.txt")).as("data in the db volume").contains(payload);
                List<Container> containers = projectContainers(docker, project);
                assertThat(containers).as("exactly one container per service").hasSize(SERVICES.size());
                for (Container c : containers) {
                    assertThat(c.getNames()[0]).isEqualTo("/" + project.name + "-" + c.getLabels().get(Labels.SERVICE) + "-1");
                    assertThat(c.getState()).isEqualTo("running");
                }
                assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.1.0");
                run.process.destroy(); // SIGTERM: a graceful stop
                assertThat(run.waitFor(Duration.ofSeconds(60))).isNotEqualTo(137);
            }
        }
    }

    private static List<Container> projectContainers(DockerClient docker, TestProject project) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, project.name)).exec();
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode statusJson(int port) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return json.readTree(body);
    }

    private JsonNode condition(int port, String type) throws IOException, InterruptedException {
        for (JsonNode c : statusJson(port).path("conditions")) {
            if (c.path("type").asText().equalsIgnoreCase(type)) {
                return c;
            }
        }
        throw new AssertionError("no condition " + type + " in /status");
    }

    /** The latest failed run of /status's history (it keeps the last 10 runs), as text. */
    private String lastFailedRun(int port) throws IOException, InterruptedException {
        String last = "";
        for (JsonNode r : statusJson(port).path("history")) {
            if (r.path("result").asText().equalsIgnoreCase("failed")) {
                last = r.toString();
            }
        }
        return last;
    }

    private static void writeIntoDbVolume(DockerClient docker, TestProject project, String text) throws InterruptedException {
        String db = projectContainers(docker, project).stream()
                .filter(c -> "db".equals(c.getLabels().get(Labels.SERVICE))).findFirst().orElseThrow().getId();
        String exec = docker.execCreateCmd(db).withCmd("/bin/sh", "-c", "echo " + text + " > /data/www/payload.txt")
                .exec().getId();
        docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(docker.inspectExecCmd(exec).exec().getExitCodeLong()).isZero());
        assertThat(project.get(project.dbPort, "/payload.txt")).contains(text);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
