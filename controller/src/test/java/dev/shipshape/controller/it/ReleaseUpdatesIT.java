package dev.shipshape.controller.it;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Release discovery, approvals and history (issue 18, parts 2 to 4) end to end: a real HTTP server on 127.0.0.1
 * serves the vendor's index (1.1.0, 1.1.1, 1.2.0-rc.1, 1.2.0, 2.0.0) and the packages (1.1.1, 1.2.0 and 2.0.0 are
 * the example's 1.1.0 under another version), the real engine and registry run them, and a recording
 * {@link ServerEvents} in the controller's wiring counts what would be notified. From 1.1.0: patch/auto goes to
 * 1.1.1 and stops there; minor/auto goes to 1.2.0; notify only notifies, once; approve waits for
 * {@code shipshape approve}, which refuses another target; {@code history} lists the rollouts.
 * The steps share one installed project and run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseUpdatesIT {
    private static final Duration UPGRADE_BOUND = Duration.ofSeconds(180);
    private static final String INDEX = """
            releases:
              - {version: 1.1.0, publishedAt: 2026-11-20T10:00:00Z, upgradeFrom: 1.0.0, notes: "new theme"}
              - {version: 1.1.1, publishedAt: 2026-12-01T10:00:00Z}
              - {version: 1.2.0-rc.1, publishedAt: 2026-12-02T10:00:00Z}
              - {version: 1.2.0, publishedAt: 2026-12-03T10:00:00Z, upgradeFrom: 1.1.0}
              - {version: 2.0.0, publishedAt: 2026-12-04T10:00:00Z, upgradeFrom: 1.2.0, notes: "the big one"}
            """;

    @RegisterExtension
    static final RunningController fixture = RunningController.builder().withoutController().desired(null).build();

    final List<ServerEvent> events = new CopyOnWriteArrayList<>();
    TestProject project;
    Controller controller;

    @BeforeAll
    void serveReleases() {
        project = fixture.project();
        for (String v : List.of("1.1.1", "1.2.0-rc.1", "1.2.0", "2.0.0")) {
            String name = "spacetech-server-linux-x64-" + v + ".zip";
            byte[] zip = ReleaseZips.zip(TestEnvironment.repoRoot().resolve("examples/spacetech/release/1.1.0"),
                    manifest -> manifest.replace("version: 1.1.0", "version: " + v)
                            .replace("${REGISTRY}", TestEnvironment.registry()));
            project.releases.override(name, zip);
            project.releases.override(name + ".sha256", ReleaseZips.sha256File(zip, name));
        }
        project.releases.override("index.yaml", INDEX.getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stopController() {
        if (controller != null) {
            controller.close();
        }
    }

    private String indexUrl() {
        return project.releases.urlTemplate().replace("spacetech-server-linux-x64-{version}.zip", "index.yaml");
    }

    /** The desired file at {@code version} with spec.source.index and spec.updates as given. */
    private void writeDesired(String version, String updates) throws Exception {
        project.writeDesired(version, "", "", updates);
        String text = Files.readString(project.desiredFile).replace("    insecure: true",
                "    insecure: true\n    index: " + indexUrl());
        TestProject.write(project.desiredFile, text);
    }

    private String installed() throws Exception {
        Path record = project.projectDir().resolve(".shipshape/installed.yaml");
        return Files.exists(record) ? Files.readString(record).lines().filter(l -> l.startsWith("version:"))
                .findFirst().orElse("") : "";
    }

    private List<ServerEvent> events(EventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    @Order(1)
    void patchAutoUpgradesFrom110To111AndStopsThere() throws Exception {
        project.writeDesired("1.1.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(installed()).isEqualTo("version: 1.1.0");

        writeDesired("1.1.0", "  updates: {policy: patch, mode: auto, check: 1s}\n");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.out()).as(plan.toString()).contains("updates (policy patch, mode auto): target 1.1.1, from update policy");

        Injector injector = Guice.createInjector(Modules.override(dev.shipshape.controller.wiring.Modules.controller())
                .with(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(ServerEvents.class).toInstance(events::add);
                    }
                }));
        controller = injector.getInstance(Controller.class);
        controller.start(new Controller.Settings(project.desiredFile, "127.0.0.1", 0, Duration.ofSeconds(2),
                Duration.ofSeconds(30)), DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)));
        await("upgraded to 1.1.1").atMost(UPGRADE_BOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> installed().equals("version: 1.1.1"));
        RunningController.awaitPasses(controller, 3, Duration.ofSeconds(60));
        assertThat(installed()).isEqualTo("version: 1.1.1");
        assertThat(project.releases.requestsFor("spacetech-server-linux-x64-1.2.0.zip")).as("1.2.0 is not within patch").isZero();
        String status = RunningController.get(controller, "/status").body();
        assertThat(status).contains("\"policy\" : \"patch\"", "\"why\" : \"update policy\"");
        assertThat(events(EventKind.UPDATE_AVAILABLE)).as("auto takes the release: nothing waits").isEmpty();
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content()
                .contains("why:", "update policy (mode auto): 1.1.1: the newest release within policy patch");
        TestProject.Run history = project.shipshape("history");
        assertThat(history.out()).as(history.toString()).contains("1.1.0 -> 1.1.1  succeeded").contains("update policy (mode auto)");
    }

    @Test
    @Order(2)
    void minorAutoGoesTo120NeverAPreRelease() throws Exception {
        writeDesired("1.1.0", "  updates: {policy: minor, mode: auto, check: 1s}\n");
        await("upgraded to 1.2.0").atMost(UPGRADE_BOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> installed().equals("version: 1.2.0"));
        assertThat(project.releases.requestsFor("spacetech-server-linux-x64-1.2.0-rc.1.zip")).isZero();
    }

    @Test
    @Order(3)
    void notifyOnlyNotifiesOnceAndChangesNothing() throws Exception {
        Map<String, String> before = project.containerIds();
        writeDesired("1.2.0", "  updates: {policy: major, mode: notify, check: 1s}\n");
        await("update-available 2.0.0").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !events(EventKind.UPDATE_AVAILABLE).isEmpty());
        RunningController.awaitPasses(controller, 4, Duration.ofSeconds(60));
        assertThat(events(EventKind.UPDATE_AVAILABLE)).hasSize(1).first().satisfies(e -> {
            assertThat(e.to()).isEqualTo("2.0.0");
            assertThat(e.key()).isEqualTo("update-available:2.0.0");
            assertThat(e.details()).containsEntry("notes", "the big one");
        });
        assertThat(installed()).isEqualTo("version: 1.2.0");
        assertThat(project.containerIds()).isEqualTo(before);
        assertThat(project.releases.requestsFor("spacetech-server-linux-x64-2.0.0.zip")).isZero();
        TestProject.Run status = project.shipshape("status");
        assertThat(status.out()).as(status.toString()).contains("2.0.0 is available");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("2.0.0 is available");
        TestProject.Run json = project.shipshape("plan", "--output", "json");
        assertThat(json.out()).as(json.toString()).contains("\"updates\" : {", "\"pending\" : \"2.0.0\"", "\"mode\" : \"notify\"");
    }

    @Test
    @Order(4)
    void approveWaitsForShipshapeApproveWhichRefusesAnotherTarget() throws Exception {
        Map<String, String> before = project.containerIds();
        writeDesired("1.2.0", "  updates: {policy: major, mode: approve, check: 1s}\n");
        await("approval-needed 2.0.0").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> !events(EventKind.APPROVAL_NEEDED).isEmpty());
        RunningController.awaitPasses(controller, 3, Duration.ofSeconds(60));
        assertThat(events(EventKind.APPROVAL_NEEDED)).hasSize(1).first()
                .satisfies(e -> assertThat(e.summary()).contains("shipshape approve", "--version 2.0.0"));
        assertThat(installed()).isEqualTo("version: 1.2.0");
        assertThat(project.containerIds()).isEqualTo(before);

        TestProject.Run wrong = project.shipshape("approve", "--version", "1.2.0");
        assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
        assertThat(wrong.err()).contains("--version 1.2.0 is not what waits for approval", "targets 2.0.0",
                "shipshape approve -f");

        TestProject.Run approve = project.shipshape("approve", "--version", "2.0.0");
        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        await("upgraded to 2.0.0").atMost(UPGRADE_BOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> installed().equals("version: 2.0.0"));
    }

    @Test
    @Order(5)
    void historyListsTheRolloutsWithTheirResults() throws Exception {
        // the entry is written when the pass that recorded 2.0.0 as installed ends
        await("history entry of 2.0.0").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> project.shipshape("history").out().contains("1.2.0 -> 2.0.0"));
        TestProject.Run text = project.shipshape("history");
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("1.1.0 -> 1.1.1  succeeded", "1.1.1 -> 1.2.0  succeeded", "1.2.0 -> 2.0.0  succeeded",
                "approval (shipshape approve)");
        TestProject.Run json = project.shipshape("history", "--output", "json");
        assertThat(json.out()).contains("\"result\" : \"succeeded\"", "\"to\" : \"2.0.0\"", "\"durationMillis\"");
    }

    @Test
    @Order(6)
    void refusalsNameTheFieldAndWhatToDo() throws Exception {
        String good = Files.readString(project.desiredFile);
        try {
            // an unreachable index is reported, and does not stop the controller from serving
            project.releases.respond("index.yaml", (exchange, body) -> exchange.sendResponseHeaders(500, -1));
            await("index error in status").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> RunningController.get(controller, "/status").body().contains("answered HTTP 500"));
            assertThat(RunningController.get(controller, "/readyz").statusCode()).isEqualTo(200);
            TestProject.Run status = project.shipshape("status");
            assertThat(status.out()).contains("release index unreachable or invalid");

            TestProject.write(project.desiredFile, good.replace("mode: approve", "mode: sometimes"));
            TestProject.Run bad = project.shipshape("plan");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.err()).contains("spec.updates.mode: 'sometimes' is not a mode; use notify");

            TestProject.write(project.desiredFile, good.replaceAll("(?m)^    index: .*\n", ""));
            TestProject.Run noIndex = project.shipshape("plan");
            assertThat(noIndex.err()).as(noIndex.toString()).contains("spec.updates: updates need a release index", "add spec.source.index");
        } finally {
            project.releases.clearOverrides();
            serveReleases();
            TestProject.write(project.desiredFile, good);
        }
    }

    @Test
    @Order(7)
    void anApprovalRequiredHoldsAConfigurationChangeUntilApproved() throws Exception {
        Map<String, String> before = project.containerIds();
        project.writeDesired("2.0.0", "", "    approval: required\n", "");
        String text = Files.readString(project.desiredFile);
        TestProject.write(project.desiredFile, text.replace("    web: {port: " + project.webPort + "}",
                "    web: {port: " + project.webPort + ", title: Approved}"));
        String generation = DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)).generation();
        await("approval-needed for the new desired file").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> events(EventKind.APPROVAL_NEEDED).stream().anyMatch(e -> e.key().endsWith(generation)));
        RunningController.awaitPasses(controller, 3, Duration.ofSeconds(60));
        assertThat(events(EventKind.APPROVAL_NEEDED).stream().filter(e -> e.key().endsWith(generation)).toList())
                .hasSize(1).first().satisfies(e -> assertThat(e.details().get("plan")).contains("recreate web"));
        assertThat(project.containerIds()).as("nothing restarts before the approval").isEqualTo(before);
        assertThat(project.get(project.webPort, "/index.html")).doesNotContain("Approved");
        assertThat(RunningController.get(controller, "/status").body())
                .contains("changes that restart services wait for approval of 2.0.0");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.out()).as(plan.toString()).contains("wait for approval of 2.0.0", "shipshape approve");

        TestProject.Run approve = project.shipshape("approve");
        assertThat(approve.exitCode()).as(approve.toString()).isZero();
        assertThat(approve.out()).contains("approved 2.0.0");
        await("web restarted with the approved configuration").atMost(UPGRADE_BOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> String.valueOf(project.get(project.webPort, "/index.html")).contains("Approved"));
    }
}
