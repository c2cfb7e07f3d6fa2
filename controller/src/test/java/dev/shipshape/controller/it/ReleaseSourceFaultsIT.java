package dev.shipshape.controller.it;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the release source (a real HTTP server on 127.0.0.1) during an upgrade 1.0.0 -> 1.1.0,
 * against the real engine: the server answers 500, drops the connection in the middle of the body,
 * serves a truncated zip (with a checksum that matches it), publishes a wrong checksum file, or
 * trickles the bytes slower than spec.source.timeout allows. Each time apply exits 1 saying what
 * happened, nothing is extracted or used, the 1.0.0 containers are the same ones and serve, and
 * data written before the fault is still there. Then a good source completes the upgrade.
 * One installed project for the whole class. The faults do not depend on each other (each leaves
 * the 1.0.0 installation as it found it, and the release server is healed after each); the good
 * source completes the upgrade, after which there is nothing left to fault, so it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseSourceFaultsIT {
    private static final String ZIP = "spacetech-server-linux-x64-1.1.0.zip";
    private static final String SUM = ZIP + ".sha256";
    /** Trickle: one byte each TRICKLE_GAP, far below the idle timeout, but the whole file takes far longer than SOURCE_TIMEOUT. */
    private static final Duration TRICKLE_GAP = Duration.ofMillis(100);
    private static final String SOURCE_TIMEOUT = "2s";

    TestProject project;
    byte[] zip;
    Map<String, String> installed;

    @RegisterExtension
    static final RunningController fixture = RunningController.builder().withoutController().build();

    @BeforeAll
    void install() throws Exception {
        project = fixture.project();
        zip = Files.readAllBytes(TestEnvironment.exampleDist().resolve(ZIP));
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        installed = project.containerIds();
        writeIntoDbVolume(installed.get("db"), "written-before-the-faults");
    }

    @AfterEach
    void healSource() {
        project.releases.clearOverrides();
    }

    @Test
    void aServerErrorIsRefusedByThePreflightAndByTheDownloadItself() throws Exception {
        int requestsBefore = project.releases.requestsFor(ZIP); // the server counts since it started
        project.releases.respond(ZIP, (ex, body) -> ex.sendResponseHeaders(500, -1));
        project.writeDesired("1.1.0");

        TestProject.Run apply = project.shipshapeLogged("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).as(apply.toString()).contains("release-source").contains("answered HTTP 500");

        // past the preflight, the download itself says the same, after its retries
        TestProject.Run skipped = project.shipshapeLogged("apply", "--skip-preflight");
        assertThat(skipped.exitCode()).as(skipped.toString()).isEqualTo(1);
        assertThat(skipped.err()).as(skipped.toString()).contains(ZIP).contains("answered HTTP 500");
        assertThat(project.releases.requestsFor(ZIP) - requestsBefore).as("the download was retried, a bounded number of times")
                .isBetween(2, 6);
        assertUntouched();
    }

    @Test
    void aConnectionDroppedInTheMiddleOfTheBodyInstallsNothing() throws Exception {
        // A raw socket server: it resets the connection half-way through the zip's body, every time (the
        // preflight's one-byte probe and the checksum file are answered normally). A source that drops the
        // connection once is resumed and completes: DownloadResumeIT.
        byte[] sum = ReleaseZips.sha256File(zip, ZIP);
        try (FaultServer source = new FaultServer((request, socket, out) -> {
            if (request.path().endsWith(".sha256")) {
                FaultServer.respond(out, request, 200, Map.of(), sum);
                return true;
            }
            if ("bytes=0-0".equals(request.headers().get("range"))) {
                FaultServer.respond(out, request, 200, Map.of(), zip);
                return true;
            }
            // every transfer, a resumed one too (a 200 to a Range request means: start over), breaks off
            FaultServer.dropAfter(socket, out, zip, zip.length / 2);
            return false;
        })) {
            writeDesiredWithSource("http://" + source.address() + "/spacetech-server-linux-x64-{version}.zip", null);
            TestProject.Run apply = project.shipshapeLogged("apply");
            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).as(apply.toString()).contains("could not download release 1.1.0").contains(ZIP)
                    .contains("broke off the transfer after").contains("nothing was installed");
            assertThat(source.count(ZIP) - source.count(SUM)).as("zip requests: the preflight's probe and a bounded number of tries")
                    .isBetween(2L, 6L);
            assertUntouched();
        }
    }

    @Test
    void aTruncatedZipWithAMatchingChecksumIsRefusedByTheExtractor() throws Exception {
        byte[] truncated = Arrays.copyOf(zip, zip.length * 2 / 3);
        project.releases.override(ZIP, truncated);
        project.releases.override(SUM, ReleaseZips.sha256File(truncated, ZIP));
        project.writeDesired("1.1.0");

        TestProject.Run apply = project.shipshapeLogged("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).as(apply.toString()).containsIgnoringCase("zip").contains("1.1.0");
        assertUntouched();
    }

    @Test
    void aWrongChecksumFileIsRefusedAndTheDownloadDeleted() throws Exception {
        byte[] other = Files.readAllBytes(TestEnvironment.exampleDist().resolve("spacetech-server-linux-x64-1.0.0.zip"));
        project.releases.override(SUM, ReleaseZips.sha256File(other, ZIP));
        project.writeDesired("1.1.0");

        TestProject.Run apply = project.shipshapeLogged("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).as(apply.toString()).contains("sha256").contains("was expected")
                .contains("the download was deleted");
        assertThat(downloads()).as("a refused package is not kept, not even as a part").isEmpty();
        assertUntouched();
    }

    @Test
    void aTrickleSlowerThanTheSourceTimeoutIsAbandonedInBoundedTime() throws Exception {
        project.releases.respond(ZIP, (ex, body) -> {
            if ("bytes=0-0".equals(ex.getRequestHeaders().getFirst("Range"))) {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            try {
                for (byte b : body) { // bounded: at most the file, one byte per gap (minutes), until the client gives up
                    out.write(b);
                    out.flush();
                    LockSupport.parkNanos(TRICKLE_GAP.toNanos());
                }
            } catch (IOException clientGaveUp) {
                // the point: shipshape closed the connection
            }
        });
        writeDesiredWithSource(project.releases.urlTemplate(), SOURCE_TIMEOUT);
        assertThat(Files.readString(project.desiredFile)).contains("timeout: " + SOURCE_TIMEOUT);

        long started = System.nanoTime();
        TestProject.Run apply = project.shipshapeLogged("apply");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).as(apply.toString()).contains("timed out").contains("spec.source.timeout")
                .contains("nothing was installed");
        // three attempts of 2 s each, the waits between them, the preflight: far less than the trickle's minutes
        assertThat(took).as("apply against a trickling source").isLessThan(Duration.ofSeconds(30));
        assertUntouched();
    }

    @Test
    @Order(Integer.MAX_VALUE) // the faults in any order before it: each leaves the installation as it was
    void aGoodSourceThenCompletesTheUpgradeAndLeavesNoDownloadBehind() throws Exception {
        project.writeDesired("1.1.0");
        TestProject.Run apply = project.shipshapeLogged("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-faults");
        assertThat(project.containerIds().get("db")).as("db is unchanged in 1.1.0").isEqualTo(installed.get("db"));
        assertThat(project.projectDir().resolve(".shipshape/packages/1.1.0/manifest.yaml")).exists();
        assertThat(downloads()).as("no zip or part file left").isEmpty();
        assertThat(project.containers()).hasSize(3);
    }

    // ---------- helpers ----------

    /** Desired 1.1.0 from another source URL, with spec.source.timeout when {@code timeout} is not null. */
    private void writeDesiredWithSource(String url, String timeout) throws IOException {
        project.writeDesired("1.1.0");
        String text = Files.readString(project.desiredFile);
        String line = "    url: " + project.releases.urlTemplate() + "\n";
        assertThat(text).contains(line);
        TestProject.write(project.desiredFile, text.replace(line, "    url: " + url + "\n"
                + (timeout == null ? "" : "    timeout: " + timeout + "\n")));
    }

    /** The 1.0.0 server is as installed: same containers, serving, its data there, nothing of 1.1.0 stored or exported. */
    private void assertUntouched() throws IOException {
        assertThat(project.containerIds()).isEqualTo(installed);
        assertThat(project.containers()).as("no stray container").hasSize(3);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.0.0");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-faults");
        Path state = project.projectDir().resolve(".shipshape");
        assertThat(state.resolve("packages/1.1.0")).doesNotExist();
        try (Stream<Path> packages = Files.list(state.resolve("packages"))) {
            assertThat(packages.map(p -> p.getFileName().toString())).as("no half-extracted package").containsExactly("1.0.0");
        }
        assertThat(downloads()).as("no finished-looking zip of a refused download").noneMatch(n -> n.endsWith(".zip"));
        assertThat(state.resolve("installed.yaml")).content().contains("version: 1.0.0").doesNotContain("1.1.0");
        assertThat(project.projectDir().resolve("export/compose.yaml")).content().doesNotContain("1.1.0");
    }

    private List<String> downloads() throws IOException {
        Path dir = project.projectDir().resolve(".shipshape/downloads");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private void writeIntoDbVolume(String containerId, String payload) throws InterruptedException {
        String exec = project.docker.execCreateCmd(containerId)
                .withCmd("/bin/sh", "-c", "echo " + payload + " > /data/www/payload.txt").exec().getId();
        project.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(project.get(project.dbPort, "/payload.txt")).contains(payload));
    }
}
