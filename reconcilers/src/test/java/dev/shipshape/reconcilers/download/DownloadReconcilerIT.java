package dev.shipshape.reconcilers.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads from a real HTTP server on 127.0.0.1 and from file:// URLs; no Docker needed. */
class DownloadReconcilerIT {
    private static final Version V1 = Version.parse("1.0.0");
    private static final String ZIP = "demo-server-linux-x64-1.0.0.zip";

    @TempDir
    Path tmp;
    private HttpServer server;
    private final java.util.concurrent.CountDownLatch stallOver = new java.util.concurrent.CountDownLatch(1);
    private int port;
    private final Map<String, byte[]> content = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private byte[] zipBytes;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        port = server.getAddress().getPort();
        zipBytes = TestZips.zip(TestZips.release("1.0.0"));
        publish(ZIP, zipBytes, sha256sum(zipBytes));
    }

    @AfterEach
    void stopServer() {
        stallOver.countDown();
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authorizations.add(auth);
        }
        if (path.equals("/error/" + ZIP)) {
            ex.sendResponseHeaders(503, -1);
        } else if (path.equals("/stall/" + ZIP)) {
            ex.sendResponseHeaders(200, zipBytes.length);
            OutputStream out = ex.getResponseBody();
            out.write(zipBytes, 0, 10);
            out.flush();
            try {
                // stall: send nothing more until the test is over (the client's idle timeout must end it)
                stallOver.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            byte[] body = content.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
        ex.close();
    }

    @Test
    void downloadsVerifiesAndInstallsThenDoesNothingTheSecondTime() throws IOException {
        ProjectContext project = project(httpUrl(), null);
        DownloadReconciler reconciler = new DownloadReconciler();

        reconciler.reconcile(action(project), project).orThrow();

        PackageStore store = new PackageStore(project.paths());
        assertThat(store.versions()).containsExactly(V1);
        assertThat(store.manifest(V1)).get().extracting(m -> m.version()).isEqualTo(V1);
        assertThat(hits("/" + ZIP)).isEqualTo(1);
        assertThat(hits("/" + ZIP + ".sha256")).isEqualTo(1);
        assertThat(listing(project.paths().downloads())).isEmpty();

        reconciler.reconcile(action(project), project).orThrow();

        assertThat(hits("/" + ZIP)).isEqualTo(1);
        assertThat(hits("/" + ZIP + ".sha256")).isEqualTo(1);
        assertThat(store.versions()).containsExactly(V1);
    }

    @Test
    void refusesAPackageThatDoesNotMatchItsPublishedChecksum() throws IOException {
        publish(ZIP, zipBytes, "f".repeat(64) + "  " + ZIP + "\n");
        ProjectContext project = project(httpUrl(), null);

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("f".repeat(64) + " was expected")
                .hasMessageContaining(sha256(zipBytes))
                .hasMessageContaining("nothing was installed");
        assertNothingInstalled(project);
    }

    @Test
    void refusesAMalformedChecksumFile() throws IOException {
        publish(ZIP, zipBytes, "<html>oops</html>");
        ProjectContext project = project(httpUrl(), null);

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("is not a sha256 checksum file");
        assertThat(hits("/" + ZIP)).isZero();
        assertNothingInstalled(project);
    }

    @Test
    void usesAPinnedChecksumWithoutFetchingTheChecksumFile() {
        ProjectContext project = project(httpUrl(), "sha256:" + sha256(zipBytes));

        new DownloadReconciler().reconcile(action(project), project).orThrow();

        assertThat(new PackageStore(project.paths()).versions()).containsExactly(V1);
        assertThat(hits("/" + ZIP + ".sha256")).isZero();
    }

    @Test
    void refusesAWrongPin() throws IOException {
        ProjectContext project = project(httpUrl(), "sha256:" + "0".repeat(64));

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.expected()).isEqualTo("0".repeat(64));
                    assertThat(e.actual()).isEqualTo(sha256(zipBytes));
                });
        assertNothingInstalled(project);
    }

    @Test
    void aMissingReleaseIsNotTransient() throws IOException {
        ProjectContext project = project("http://127.0.0.1:" + port + "/missing/demo-server-linux-x64-{version}.zip",
                "sha256:" + sha256(zipBytes));

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("release 1.0.0 not found at http://127.0.0.1:" + port + "/missing/" + ZIP)
                .hasMessageContaining("check spec.version and spec.source.url");
        assertNothingInstalled(project);
    }

    @Test
    void aMissingChecksumFileIsNotTransientAndSuggestsAPin() {
        content.remove("/" + ZIP + ".sha256");
        ProjectContext project = project(httpUrl(), null);

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("no checksum file at")
                .hasMessageContaining("spec.source.checksum");
    }

    @Test
    void aServerErrorIsTransient() throws IOException {
        ProjectContext project = project("http://127.0.0.1:" + port + "/error/demo-server-linux-x64-{version}.zip",
                "sha256:" + sha256(zipBytes));

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("HTTP 503");
        assertNothingInstalled(project);
    }

    @Test
    void aRefusedConnectionIsTransient() throws IOException {
        int closedPort = port;
        server.stop(0);
        ProjectContext project = project("http://127.0.0.1:" + closedPort + "/demo-server-linux-x64-{version}.zip",
                "sha256:" + sha256(zipBytes));

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isTrue());
        assertNothingInstalled(project);
    }

    @Test
    void aStalledDownloadTimesOutAndKeepsOnlyThePartialFileToResume() throws IOException {
        ProjectContext project = project("http://127.0.0.1:" + port + "/stall/demo-server-linux-x64-{version}.zip",
                "sha256:" + sha256(zipBytes));
        ReleaseFetcher fetcher = new ReleaseFetcher(ReleaseFetcher.DEFAULT_MAX_BYTES, Duration.ofSeconds(30), Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThatThrownBy(() -> new DownloadReconciler(fetcher, new SafeExtractor()).reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        assertThat(new PackageStore(project.paths()).versions()).isEmpty();
        assertThat(listing(project.paths().packages())).isEmpty();
        // the bytes received are kept: the next attempt resumes from them (DownloadResumeIT)
        assertThat(listing(project.paths().downloads())).containsExactly(ZIP + ".part");
    }

    @Test
    void aPackageLargerThanTheCapIsRefused() throws IOException {
        ProjectContext project = project(httpUrl(), null);
        ReleaseFetcher fetcher = new ReleaseFetcher(100);

        assertThatThrownBy(() -> new DownloadReconciler(fetcher, new SafeExtractor()).reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("larger than the limit of 100 bytes");
        assertNothingInstalled(project);
    }

    @Test
    void credentialsInTheUrlAreSentButNeverShown() throws IOException {
        ProjectContext project = project("http://robot:s3cret@127.0.0.1:" + port + "/missing/demo-server-linux-x64-{version}.zip", null);

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("http://***@127.0.0.1")
                .hasMessageNotContaining("s3cret");
        assertThat(authorizations).containsExactly("Basic cm9ib3Q6czNjcmV0");
    }

    @Test
    void downloadsFromAFileUrl() throws IOException {
        Path releases = Files.createDirectories(tmp.resolve("releases"));
        Files.write(releases.resolve(ZIP), zipBytes);
        Files.writeString(releases.resolve(ZIP + ".sha256"), sha256sum(zipBytes));
        ProjectContext project = project(releases.toUri() + "demo-server-linux-x64-{version}.zip", null);

        new DownloadReconciler().reconcile(action(project), project).orThrow();

        assertThat(new PackageStore(project.paths()).versions()).containsExactly(V1);
        assertThat(listing(project.paths().downloads())).isEmpty();
    }

    @Test
    void downloadsFromAPlainAbsolutePathAndARelativeOne() throws IOException {
        Path releases = Files.createDirectories(tmp.resolve("air gapped/releases"));
        Files.write(releases.resolve(ZIP), zipBytes);
        Files.writeString(releases.resolve(ZIP + ".sha256"), sha256sum(zipBytes));

        ProjectContext absolute = project(releases + "/demo-server-linux-x64-{version}.zip", null, "abs");
        new DownloadReconciler().reconcile(action(absolute), absolute).orThrow();
        assertThat(new PackageStore(absolute.paths()).versions()).containsExactly(V1);

        // relative to the folder of the desired file (tmp)
        ProjectContext relative = project("air gapped/releases/demo-server-linux-x64-{version}.zip", null, "rel");
        new DownloadReconciler().reconcile(action(relative), relative).orThrow();
        assertThat(new PackageStore(relative.paths()).versions()).containsExactly(V1);
        assertThat(listing(relative.paths().downloads())).isEmpty();
    }

    @Test
    void aMissingFileIsNotTransient() {
        ProjectContext project = project(tmp.toUri() + "nowhere/demo-server-linux-x64-{version}.zip", "sha256:" + sha256(zipBytes));

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("release 1.0.0 not found at file:");
    }

    @Test
    void cleansLeftoversOfAnInterruptedRun() throws IOException {
        ProjectContext project = project(httpUrl(), null);
        Files.createDirectories(project.paths().downloads());
        Files.writeString(project.paths().downloads().resolve(ZIP + ".part"), "half");
        Path staleTemp = Files.createDirectories(project.paths().packages().resolve(".tmp-1.0.0-0123456789ab/config"));
        Files.writeString(staleTemp.resolve("x"), "half");

        new DownloadReconciler().reconcile(action(project), project).orThrow();

        assertThat(listing(project.paths().downloads())).isEmpty();
        assertThat(listing(project.paths().packages())).containsExactly("1.0.0");
    }

    @Test
    void reusesAVerifiedZipLeftBeforeExtractionAndReplacesABadOne() throws IOException {
        ProjectContext project = project(httpUrl(), null);
        Files.createDirectories(project.paths().downloads());
        Files.write(project.paths().downloads().resolve(ZIP), zipBytes);

        new DownloadReconciler().reconcile(action(project), project).orThrow();

        assertThat(hits("/" + ZIP)).isZero();
        assertThat(new PackageStore(project.paths()).versions()).containsExactly(V1);

        ProjectContext other = project(httpUrl(), null, "other");
        Files.createDirectories(other.paths().downloads());
        Files.writeString(other.paths().downloads().resolve(ZIP), "tampered");

        new DownloadReconciler().reconcile(action(other), other).orThrow();

        assertThat(hits("/" + ZIP)).isEqualTo(1);
        assertThat(new PackageStore(other.paths()).versions()).containsExactly(V1);
    }

    @Test
    void aPackageOfTheWrongVersionIsRefusedAndNothingIsHalfInstalled() throws IOException {
        byte[] wrong = TestZips.zip(TestZips.release("1.0.1"));
        publish(ZIP, wrong, sha256sum(wrong));
        ProjectContext project = project(httpUrl(), null);

        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(InvalidPackageException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("is release 1.0.1");
        assertThat(new PackageStore(project.paths()).versions()).isEmpty();
        assertThat(listing(project.paths().packages())).isEmpty();
    }

    // ---- helpers ----

    private String httpUrl() {
        return "http://127.0.0.1:" + port + "/demo-server-linux-x64-{version}.zip";
    }

    private ProjectContext project(String url, String checksum) {
        return project(url, checksum, "demo");
    }

    private ProjectContext project(String url, String checksum, String name) {
        String yaml = "apiVersion: shipshape.dev/v1\n"
                + "kind: Server\n"
                + "metadata:\n"
                + "  name: " + name + "\n"
                + "spec:\n"
                + "  version: 1.0.0\n"
                + "  source:\n"
                + "    url: " + url + "\n"
                + (checksum == null ? "" : "    checksum: " + checksum + "\n")
                // the test's plain-http loopback server publishes no signatures
                + (checksum == null && url.startsWith("http:") ? "    insecure: true\n" : "")
                + "  projectDir: projects/" + name + "\n";
        return ProjectContext.of(DesiredFile.parse(tmp.resolve(name + ".yaml"), yaml));
    }

    private static DownloadRelease action(ProjectContext project) {
        Version v = project.desired().spec().version();
        return new DownloadRelease(v, project.desired().spec().source().urlFor(v));
    }

    private void publish(String name, byte[] zip, String checksumFile) {
        content.put("/" + name, zip);
        content.put("/" + name + ".sha256", TestZips.utf8(checksumFile));
    }

    private int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private static String sha256(byte[] bytes) {
        java.security.MessageDigest d = Sha256.newDigest();
        d.update(bytes);
        return Sha256.hex(d);
    }

    private static String sha256sum(byte[] bytes) {
        return sha256(bytes) + "  " + ZIP + "\n";
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertNothingInstalled(ProjectContext project) throws IOException {
        assertThat(new PackageStore(project.paths()).versions()).isEmpty();
        assertThat(listing(project.paths().downloads())).isEmpty();
        assertThat(listing(project.paths().packages())).isEmpty();
    }
}
