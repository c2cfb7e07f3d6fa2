package dev.shipshape.controller.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the image registry while 1.0.0 is upgraded to 1.1.0, against the real engine. The 1.1.0
 * images of web and api are named at one address of this test, a {@link FaultServer} on 127.0.0.1,
 * which in turn: answers 500 to every manifest request; accepts connections and never answers; relays
 * to a registry of this test ({@link PrivateRegistry}) and stops that registry when the engine asks for
 * the first blob, in the middle of the pull. Each time apply exits 1 saying what happened, within a
 * bounded time (spec.images.pullTimeout cancels a hung pull), nothing is stopped, the 1.0.0 containers
 * serve, data written before is there, no image of the failed pull is left. With the registry back,
 * apply completes. The shared registry on 5000 is never touched.
 *
 * <p>The tests run in order on one installation: the stop during the pull leaves the registry
 * stopped for the recovery test to start again, which completes the upgrade to 1.1.0; the hung
 * registry is then met by an upgrade from that 1.1.0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryFaultsIT {
    private static final List<String> MOVED = List.of("web", "api");
    private static final String PULL_TIMEOUT = "3s";
    /**
     * For pulls through the relay: the engine retries a failed blob download itself (after 5, 10, 15 s…),
     * and a later pull of the same image joins that one, so these need room beyond one engine retry.
     */
    private static final String RELAY_PULL_TIMEOUT = "10s";
    private static final String RECOVERY_PULL_TIMEOUT = "60s";

    ReleaseServer releases;
    PrivateRegistry registry;
    FaultServer faulty;
    TestProject project;
    Map<String, String> installed;
    final AtomicBoolean stopOnFirstBlob = new AtomicBoolean();

    @BeforeAll
    void install(@TempDir Path tmp) throws Exception {
        releases = new ReleaseServer(TestEnvironment.exampleDist());
        registry = new PrivateRegistry(tmp.resolve("registry"));
        registry.start();
        project = new TestProject(tmp.resolve("work"), releases);
        // web: a variant only this registry has, so its pull must fetch blobs (and meets the stop)
        registry.seedUnique(project.docker, "web", "1.1.0");
        registry.seed(project.docker, "api", "1.1.0", tag -> { });
        faulty = new FaultServer(this::relay);
        ReleaseZips.serveWithImagesIn(releases, "1.1.0", faulty.address(), MOVED);

        project.writeDesired("1.0.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        installed = project.containerIds();
        DbData.write(project, installed.get("db"), "written-before-the-faults");
    }

    @AfterAll
    void remove() {
        if (faulty != null) {
            faulty.close();
        }
        if (project != null) {
            project.close();
            PrivateRegistry.untag(project.docker, faulty.address() + "/spacetech/api:1.1.0");
            try {
                // the unique web variant exists nowhere else: remove the image, not only its tag
                project.docker.removeImageCmd(faulty.address() + "/spacetech/web:1.1.0").withForce(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException notPulled) {
                // never pulled
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (releases != null) {
            releases.close();
        }
    }

    @Test
    @Order(1)
    void aRegistryAnswering500IsReportedAndNothingIsStopped() throws Exception {
        faulty.handler((request, socket, out) -> {
            if (request.path().equals("/v2/")) {
                FaultServer.respond(out, request, 200, Map.of("Docker-Distribution-API-Version", "registry/2.0",
                        "Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
            } else {
                FaultServer.respond(out, request, 500, Map.of("Content-Type", "application/json"),
                        "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected fault\"}]}".getBytes(StandardCharsets.UTF_8));
            }
            return true;
        });
        desired11(null);

        TestProject.Run apply = project.shipshapeLogged("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err()).as(apply.toString()).contains("pulling " + faulty.address() + "/spacetech/")
                .contains("500").contains("Nothing was stopped");
        assertThat(faulty.count("/manifests/")).as("manifest requests: a bounded number of tries").isBetween(1L, 12L);
        assertUntouched("1.0.0");
    }

    @Test
    @Order(2)
    void aRegistryStoppedDuringThePullFailsTheUpgradeAndNothingIsStopped() throws Exception {
        stopOnFirstBlob.set(true);
        faulty.handler(this::relay);
        desired11(RELAY_PULL_TIMEOUT);
        long manifestsBefore = faulty.count("/manifests/");

        TestProject.Run apply = project.shipshapeLogged("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(faulty.count("/manifests/")).as("the pull started: the manifest came through").isGreaterThan(manifestsBefore);
        assertThat(faulty.count("/blobs/")).as("the registry stopped when the first blob was asked for: %s", faulty.requests)
                .isPositive();
        assertThat(registry.running()).isFalse();
        assertThat(apply.err()).as(apply.toString()).contains("pulling " + faulty.address() + "/spacetech/")
                .contains("Nothing was stopped");
        assertUntouched("1.0.0");
    }

    @Test
    @Order(3)
    void withTheRegistryBackTheUpgradeCompletes() throws Exception {
        stopOnFirstBlob.set(false);
        faulty.handler(this::relay);
        registry.start();
        desired11(RECOVERY_PULL_TIMEOUT);

        TestProject.Run apply = project.shipshapeLogged("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-faults");
        Map<String, String> after = project.containerIds();
        assertThat(after.get("db")).isEqualTo(installed.get("db"));
        assertThat(project.docker.inspectContainerCmd(after.get("web")).exec().getConfig().getImage())
                .isEqualTo(faulty.address() + "/spacetech/web:1.1.0");
        assertThat(project.containers()).hasSize(3);
    }

    /**
     * A server on a port no image on the engine names: an image another test pulled from a registry that happened to
     * have the same (ephemeral) port would be taken as pulled already, and this test would see no pull at all. The
     * servers refused are kept open until one is found, so that the port is not handed out again.
     */
    private FaultServer unusedAddress(java.util.function.Supplier<FaultServer> server) {
        List<FaultServer> taken = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                FaultServer s = server.get();
                if (project.docker.listImagesCmd().withReferenceFilter(s.address() + "/*/*").exec().isEmpty()) {
                    return s;
                }
                taken.add(s);
            }
            throw new IllegalStateException("10 loopback ports in a row are named by images on the engine: " + taken.stream()
                    .map(FaultServer::address).toList());
        } finally {
            taken.forEach(FaultServer::close);
        }
    }

    @Test
    @Order(4)
    void aRegistryThatNeverAnswersHasItsPullCancelledAfterThePullTimeout() throws Exception {
        // A registry of its own, with a release 1.1.1 of its own whose web and api it should serve: a pull
        // the engine leaves hanging (see below) must not be joined by the pulls of the other tests.
        installed = project.containerIds();
        try (FaultServer hung = unusedAddress(() -> new FaultServer((request, socket, out) -> true))) { // accepts, reads, never answers
            serveRelease("1.1.1", hung.address());
            project.writeDesired("1.1.1", "", "", "  images:\n    pullTimeout: " + PULL_TIMEOUT + "\n");

            // the preflight downloads the release naming the registry first, then asks the registry, and refuses
            TestProject.Run apply = project.shipshapeLogged("apply");
            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).as(apply.toString()).contains("preflight check 'registry' failed: registry "
                    + hung.address() + " does not answer").contains("Nothing was changed");
            assertUntouched("1.1.0");

            // past the preflight, the pull itself hangs: it is cancelled after spec.images.pullTimeout, each try
            long started = System.nanoTime();
            TestProject.Run skipped = project.shipshapeLogged("apply", "--skip-preflight");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(skipped.exitCode()).as(skipped.toString()).isEqualTo(1);
            assertThat(skipped.err()).as(skipped.toString()).contains("did not finish within 3s (spec.images.pullTimeout)")
                    .contains("cancelled").contains("Nothing was stopped");
            // 3 tries of 3 s and the waits between them; without the timeout this would hang for 30 minutes
            assertThat(took).as("apply against a hung registry").isLessThan(Duration.ofSeconds(30));
            assertUntouched("1.1.0");
            // Docker 20.10 keeps waiting on a registry that never answers even after the pull's client left, and a
            // later pull of the same image joins the waiting one (seen here: such a pull sent no request at all).
            // Closing this registry ends what waits on its connections.
        }
    }

    // ---------- helpers ----------

    /**
     * Relays one request to the private registry ({@code Connection: close}, so the response ends with
     * the connection); with {@link #stopOnFirstBlob}, stops the registry first when a blob is asked for.
     */
    private boolean relay(FaultServer.Request request, Socket client, OutputStream out) throws IOException {
        if (request.path().contains("/blobs/") && stopOnFirstBlob.get() && registry.running()) {
            registry.stop();
        }
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), registry.port)) {
            StringBuilder head = new StringBuilder(request.method() + " " + request.path() + " HTTP/1.1\r\n");
            request.headers().forEach((k, v) -> {
                if (!k.equals("connection")) {
                    head.append(k).append(": ").append(v).append("\r\n");
                }
            });
            head.append("connection: close\r\n\r\n");
            upstream.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            upstream.getOutputStream().flush();
            InputStream in = upstream.getInputStream();
            in.transferTo(out);
            out.flush();
        } catch (IOException registryGone) {
            client.setSoLinger(true, 0);
        }
        return false;
    }

    private void desired11(String pullTimeout) {
        project.writeDesired("1.1.0", "", "", pullTimeout == null ? "" : "  images:\n    pullTimeout: " + pullTimeout + "\n");
    }

    /** The server runs {@code version} in the same containers as before the fault, with its data; the target was not pulled. */
    private void assertUntouched(String version) throws IOException {
        assertThat(project.containerIds()).as("the same %s containers", version).isEqualTo(installed);
        assertThat(project.containers()).as("no stray container").hasSize(3);
        assertThat(project.get(project.webPort, "/index.html")).contains(version);
        assertThat(project.get(project.apiPort, "/status.json")).contains(version);
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-faults");
        String record = Files.readString(project.projectDir().resolve(".shipshape/installed.yaml"));
        assertThat(record.substring(record.lastIndexOf("version:"))).as(record).contains(version);
        if (version.equals("1.0.0")) {
            assertThat(project.docker.listImagesCmd().withReferenceFilter(faulty.address() + "/spacetech/web").exec())
                    .as("no image of the failed pull of web").isEmpty();
        }
    }

    /** The example's 1.1.0 as {@code version}, its web and api images at {@code registryAddress}. */
    private void serveRelease(String version, String registryAddress) {
        String name = "spacetech-server-linux-x64-" + version + ".zip";
        byte[] zip = ReleaseZips.zip(TestEnvironment.repoRoot().resolve("examples/spacetech/release/1.1.0"), Map.of(
                "manifest.yaml", m -> m.replace("version: 1.1.0", "version: " + version)
                        .replace("${REGISTRY}/spacetech/web", registryAddress + "/spacetech/web")
                        .replace("${REGISTRY}/spacetech/api", registryAddress + "/spacetech/api")
                        .replace("${REGISTRY}", TestEnvironment.registry())));
        releases.override(name, zip);
        releases.override(name + ".sha256", ReleaseZips.sha256File(zip, name));
    }
}
