package dev.shipshape.controller.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.runtime.Labels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller killed with SIGKILL at every action boundary of an upgrade, then started again.
 * Each case runs {@code shipshape apply} as a separate JVM with {@code SHIPSHAPE_FAILPOINT} set
 * (see {@link Failpoints}): when the marker line appears on its stderr the process is killed, the
 * half-done state is checked to be the one the boundary names, and a second {@code apply} (again a
 * process, without the failpoint) must converge: the desired version serving, the data written
 * into the db's named volume intact, exactly one container per service and no leftover temp folder.
 *
 * <p>One installed project serves every case; the cases alternate between 1.0.0 and 1.1.0
 * ({@code allowDowngrade: true}). All images come from a registry of the test's own, so a case can
 * untag an image locally and make the upgrade pull it.
 *
 * <p>The cases run in order: each starts from the version the one before converged to, and the
 * first is the first download of 1.1.0 (it checks that the package is not in the store yet). A project per
 * case would repeat the install, and the upgrade, in every one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllerCrashIT {
    private static final List<String> SERVICES = List.of("web", "api", "db");
    private static final String ROLLOUT = "    allowDowngrade: true\n";
    private static final Duration TO_FAILPOINT = Duration.ofSeconds(90);
    private static final Duration TO_CONVERGE = Duration.ofMinutes(3);

    TestProject project;
    PrivateRegistry registry;
    Path logs;
    String payload;

    @BeforeAll
    void install(@TempDir Path tmp) throws Exception {
        project = TestProject.withExampleReleases(tmp.resolve("work"));
        logs = ShipshapeProcess.logDir(project.name);
        registry = new PrivateRegistry(tmp.resolve("registry"));
        registry.start();
        for (String service : SERVICES) {
            registry.seed(project.docker, service, "1.0.0", tag -> { });
        }
        registry.seed(project.docker, "web", "1.1.0", tag -> { });
        registry.seed(project.docker, "api", "1.1.0", tag -> { });
        ReleaseZips.serveWithImagesIn(project.releases, "1.0.0", registry, SERVICES);
        ReleaseZips.serveWithImagesIn(project.releases, "1.1.0", registry, SERVICES);

        project.writeDesired("1.0.0", "", ROLLOUT, "");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        payload = "payload-" + project.name;
        writeIntoDbVolume(project.containerIds().get("db"), payload);
        assertConverged("1.0.0");
    }

    @AfterAll
    void remove() {
        try {
            if (project != null) {
                project.close();
            }
        } finally {
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Test
    @Order(1)
    void killedAfterTheDownload() {
        project.writeDesired("1.1.0", "", ROLLOUT, "");
        killAt(Failpoints.AFTER_DOWNLOAD, () -> {
            assertThat(files(project.projectDir().resolve(".shipshape/downloads")))
                    .as("the verified zip waits in downloads/").anyMatch(n -> n.endsWith("1.1.0.zip"));
            assertThat(project.projectDir().resolve(".shipshape/packages/1.1.0")).doesNotExist();
            assertRunning("1.0.0");
        });
        reapplyAndAssertConverged("1.1.0");
    }

    @Test
    @Order(2)
    void killedAfterThePull() {
        // 1.0.0's web and api images leave the host, so going back to 1.0.0 pulls them again
        for (String service : List.of("web", "api")) {
            PrivateRegistry.untag(project.docker, registry.address() + "/spacetech/" + service + ":1.0.0");
        }
        project.writeDesired("1.0.0", "", ROLLOUT, "");
        killAt(Failpoints.AFTER_PULL, () -> {
            assertThat(localImage("web", "1.0.0")).as("pulled before the kill").isTrue();
            assertRunning("1.1.0");
        });
        reapplyAndAssertConverged("1.0.0");
    }

    @Test
    @Order(3)
    void killedHalfWayThroughTheExport() {
        project.writeDesired("1.1.0", "", ROLLOUT, "");
        killAt(Failpoints.MID_EXPORT, () -> {
            assertThat(files(project.projectDir())).as("a half-written export temp folder")
                    .anyMatch(n -> n.startsWith(".export-tmp-"));
            assertThat(project.projectDir().resolve("export/web/index.html")).content().contains("1.0.0");
            assertRunning("1.0.0");
        });
        reapplyAndAssertConverged("1.1.0");
    }

    @Test
    @Order(4)
    void killedBetweenStoppingTheOldAndStartingTheNewContainer() {
        project.writeDesired("1.0.0", "", ROLLOUT, "");
        killAt(Failpoints.AFTER_STOP_OLD, () -> {
            // api and web change: in their window (rollout.strategy window, the default) both replacements were
            // created beside the old containers under temporary names, then the old ones stopped side by side, and
            // the kill came once the first of them had stopped; the old ones keep the services' names until the
            // whole window is healthy. (One at a time, api goes first: web depends on it.)
            String oldApi = project.containerIds().get("api");
            assertThat(oldApi).as("the old api keeps the service's name").isNotNull();
            List<Container> api = containersOf("api");
            assertThat(api).hasSize(2);
            assertThat(api).anyMatch(c -> c.getId().equals(oldApi) && "1.1.0".equals(c.getLabels().get(Labels.VERSION)));
            assertThat(api).anyMatch(c -> !c.getId().equals(oldApi) && c.getState().equals("created")
                    && "1.0.0".equals(c.getLabels().get(Labels.VERSION)));
            List<Container> old = new java.util.ArrayList<>(api);
            old.addAll(containersOf("web"));
            assertThat(old).as("an old container stopped").anyMatch(c -> c.getState().equals("exited")
                    && "1.1.0".equals(c.getLabels().get(Labels.VERSION)));
        });
        reapplyAndAssertConverged("1.0.0");
    }

    @Test
    @Order(5)
    void killedDuringTheHealthWait() {
        project.writeDesired("1.1.0", "", ROLLOUT, "");
        killAt(Failpoints.DURING_HEALTH_WAIT, () -> {
            // the new api runs under its temporary name; the old one, stopped, keeps the service's name for a rollback
            List<Container> api = containersOf("api");
            assertThat(api).hasSize(2);
            assertThat(project.containerIds()).containsKey("api");
            assertThat(api).anyMatch(c -> c.getState().equals("running")
                    && "1.1.0".equals(c.getLabels().get(Labels.VERSION)));
        });
        reapplyAndAssertConverged("1.1.0");
    }

    /** Runs apply as a process that stops at {@code failpoint}, SIGKILLs it there and checks the state it left. */
    private void killAt(String failpoint, Runnable halfDone) {
        try (ShipshapeProcess p = ShipshapeProcess.start(logs, Map.of(Failpoints.ENV, failpoint),
                "apply", "--skip-preflight", "-f", project.desiredFile.toString())) {
            p.awaitFailpoint(failpoint, TO_FAILPOINT);
            assertThat(p.kill()).as("killed by SIGKILL").isEqualTo(137);
        }
        halfDone.run();
    }

    private void reapplyAndAssertConverged(String version) {
        // the preflight is not what is tested here, and its 5 s probes fail on a loaded machine
        TestProject.Run apply = ShipshapeProcess.run(logs, Map.of(), TO_CONVERGE, "apply", "--skip-preflight", "-f",
                project.desiredFile.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).as(apply.toString()).contains("converged: " + project.name + " runs " + version);
        assertThat(apply.err()).as("the killed run's lock is taken over, saying so").contains("taking over the lock")
                .contains("shipshape apply, pid");
        assertConverged(version);
    }

    private void assertConverged(String version) {
        assertRunning(version);
        assertThat(project.get(project.webPort, "/index.html")).contains(version);
        assertThat(project.get(project.apiPort, "/status.json")).contains(version);
        if (payload != null) {
            assertThat(project.get(project.dbPort, "/payload.txt")).as("data in the db volume").contains(payload);
        }
        assertThat(project.containers()).as("exactly one container per service, none left aside").hasSize(SERVICES.size());
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: " + version);
        assertThat(files(project.projectDir())).as("no export temp folder").noneMatch(n -> n.startsWith(".export-"));
        assertThat(files(project.projectDir().resolve(".shipshape/packages"))).as("only extracted packages")
                .allMatch(n -> n.matches("\\d+\\.\\d+\\.\\d+"));
        assertThat(files(project.projectDir().resolve(".shipshape/downloads"))).as("no download left").isEmpty();
        assertThat(project.shipshape("plan").exitCode()).as("nothing left to do").isZero();
    }

    /** Every service has its canonical container, running and labelled with {@code version}. */
    private void assertRunning(String version) {
        Map<String, String> ids = project.containerIds();
        assertThat(ids).containsOnlyKeys(SERVICES);
        for (Container c : project.containers()) {
            String service = c.getLabels().get(Labels.SERVICE);
            if (!service.equals("db")) {
                assertThat(c.getLabels().get(Labels.VERSION)).as(service).isEqualTo(version);
            }
            assertThat(c.getState()).as(service).isEqualTo("running");
        }
    }

    private List<Container> containersOf(String service) {
        return project.containers().stream().filter(c -> service.equals(c.getLabels().get(Labels.SERVICE))).toList();
    }

    private boolean localImage(String service, String version) {
        String ref = registry.address() + "/spacetech/" + service + ":" + version;
        return project.docker.listImagesCmd().withImageNameFilter(ref).exec().stream()
                .anyMatch(i -> i.getRepoTags() != null && List.of(i.getRepoTags()).contains(ref));
    }

    private static List<String> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void writeIntoDbVolume(String containerId, String text) throws InterruptedException {
        String exec = project.docker.execCreateCmd(containerId)
                .withCmd("/bin/sh", "-c", "echo " + text + " > /data/www/payload.txt")
                .exec().getId();
        project.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(project.docker.inspectExecCmd(exec).exec().getExitCodeLong()).isZero());
        assertThat(project.get(project.dbPort, "/payload.txt")).contains(text);
    }
}
