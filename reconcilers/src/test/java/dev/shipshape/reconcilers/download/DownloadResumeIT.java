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
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Resumed downloads against a real JDK HttpServer on 127.0.0.1 that honours Range requests and can
 * cut the connection after a number of bytes; no Docker needed.
 */
class DownloadResumeIT {
    private static final Version V1 = Version.parse("1.0.0");
    private static final String ZIP = "demo-server-linux-x64-1.0.0.zip";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    @TempDir
    Path tmp;
    private HttpServer server;
    private int port;
    private byte[] zipBytes;
    private String sha256;

    /** The body the server sends for the zip; a test may tamper with it. */
    private volatile byte[] body;
    /** Requests for the zip so far. */
    private final AtomicInteger requests = new AtomicInteger();
    /** Body bytes the server wrote for the zip, over all requests. */
    private final AtomicLong bytesServed = new AtomicLong();
    /** The Range header of each request for the zip ("" when none). */
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    /** Cut the first response after this many body bytes (-1: never). */
    private volatile long cutFirstAfter = -1;
    /** After the first response, send headers but no body bytes at all, then close. */
    private volatile boolean nothingMore;

    @BeforeEach
    void startServer() throws IOException {
        Map<String, byte[]> files = TestZips.release("1.0.0");
        byte[] noise = new byte[256 * 1024]; // incompressible, so the zip is large enough to cut in half
        new Random(42).nextBytes(noise);
        files.put("config/blob.bin", noise);
        zipBytes = TestZips.zip(files);
        body = zipBytes;
        java.security.MessageDigest d = Sha256.newDigest();
        d.update(zipBytes);
        sha256 = Sha256.hex(d);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        try {
            if (path.equals("/" + ZIP + ".sha256")) {
                byte[] sum = TestZips.utf8(sha256 + "  " + ZIP + "\n");
                ex.sendResponseHeaders(200, sum.length);
                ex.getResponseBody().write(sum);
            } else if (path.equals("/" + ZIP)) {
                serveZip(ex);
            } else {
                ex.sendResponseHeaders(404, -1);
            }
        } finally {
            ex.close();
        }
    }

    private void serveZip(HttpExchange ex) throws IOException {
        int n = requests.incrementAndGet();
        byte[] b = body;
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        long from = 0;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (m.matches()) {
                from = Long.parseLong(m.group(1));
            }
        }
        if (from >= b.length) {
            ex.getResponseHeaders().set("Content-Range", "bytes */" + b.length);
            ex.sendResponseHeaders(416, -1);
            return;
        }
        int length = (int) (b.length - from);
        if (from > 0) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (b.length - 1) + "/" + b.length);
            ex.sendResponseHeaders(206, length);
        } else {
            ex.sendResponseHeaders(200, length);
        }
        long limit = length;
        if (n == 1 && cutFirstAfter >= 0) {
            limit = Math.min(limit, cutFirstAfter);
        } else if (n > 1 && nothingMore) {
            limit = 0;
        }
        OutputStream out = ex.getResponseBody();
        int chunk = 8 * 1024;
        for (long sent = 0; sent < limit; ) {
            int len = (int) Math.min(chunk, limit - sent);
            out.write(b, (int) (from + sent), len);
            out.flush();
            sent += len;
            bytesServed.addAndGet(len);
        }
        if (limit < length) {
            // Drop the connection in the middle of the body, as a bad link does.
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeAbruptly(ex);
        }
    }

    // HttpExchange.close() on a short fixed-length body closes the connection: the client sees an early EOF.
    private static void closeAbruptly(HttpExchange ex) {
        try {
            ex.getResponseBody().close();
        } catch (IOException expected) {
            // "insufficient bytes written to stream": exactly the point
        }
    }

    @Test
    void anInterruptedDownloadResumesAndCompletesWithFewerBytesThanARestart() throws IOException {
        cutFirstAfter = zipBytes.length / 2;
        ProjectContext project = project();
        DownloadReconciler reconciler = reconciler();

        assertThatThrownBy(() -> reconciler.reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isTrue());
        Path part = ReleaseUrls.partFile(project.paths().downloads().resolve(ZIP));
        assertThat(part).exists();
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThan(zipBytes.length);
        assertThat(new PackageStore(project.paths()).versions()).isEmpty();

        reconciler.reconcile(action(project), project).orThrow();

        assertThat(new PackageStore(project.paths()).versions()).containsExactly(V1);
        assertThat(ranges).containsExactly("", "bytes=" + kept + "-");
        assertThat(bytesServed.get()).isLessThan(2L * zipBytes.length);
        assertThat(bytesServed.get() - cutFirstAfter).isEqualTo(zipBytes.length - kept);
        assertThat(listing(project.paths().downloads())).isEmpty();
        assertThat(project.paths().packageDir(V1).resolve("config/blob.bin")).exists();
    }

    @Test
    void aCorruptedByteIsCaughtAndNothingIsExtracted() throws IOException {
        byte[] tampered = zipBytes.clone();
        tampered[tampered.length / 3] ^= 0x01;
        body = tampered;
        ProjectContext project = project();

        assertThatThrownBy(() -> reconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.expected()).isEqualTo(sha256);
                })
                .hasMessageContaining("the download was deleted and nothing was installed");
        assertNothingInstalled(project);
    }

    @Test
    void aCorruptedByteAfterAResumeIsCaughtAndNothingIsExtracted() throws IOException {
        cutFirstAfter = zipBytes.length / 2;
        ProjectContext project = project();
        DownloadReconciler reconciler = reconciler();
        assertThatThrownBy(() -> reconciler.reconcile(action(project), project).orThrow()).isInstanceOf(ReconcileException.class);
        byte[] tampered = zipBytes.clone();
        tampered[tampered.length - 100] ^= 0x01; // in the half the resume fetches
        body = tampered;

        assertThatThrownBy(() -> reconciler.reconcile(action(project), project).orThrow())
                .isInstanceOf(ChecksumMismatchException.class);
        // resumed once, then tried again from zero before giving up
        assertThat(ranges).hasSize(3);
        assertThat(ranges.get(1)).startsWith("bytes=");
        assertThat(ranges.get(2)).isEmpty();
        assertNothingInstalled(project);
    }

    @Test
    void aTruncatedFileIsCaughtAndNothingIsExtracted() throws IOException {
        cutFirstAfter = zipBytes.length / 2;
        nothingMore = true;
        ProjectContext project = project();
        DownloadReconciler reconciler = reconciler();

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> reconciler.reconcile(action(project), project).orThrow())
                    .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isTrue())
                    .hasMessageContaining("nothing was installed");
        }
        assertThat(new PackageStore(project.paths()).versions()).isEmpty();
        assertThat(listing(project.paths().packages())).isEmpty();
        assertThat(listing(project.paths().downloads())).containsExactly(ZIP + ".part");
        assertThat(ranges.subList(1, ranges.size())).allMatch(r -> r.startsWith("bytes="));
    }

    @Test
    void aFileServedShortAsIfCompleteFailsItsChecksumAndIsDeleted() throws IOException {
        body = java.util.Arrays.copyOf(zipBytes, zipBytes.length / 2);
        ProjectContext project = project();

        assertThatThrownBy(() -> reconciler().reconcile(action(project), project).orThrow())
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining((zipBytes.length / 2) + " bytes received");
        assertNothingInstalled(project);
    }

    @Test
    void aPartAsLongAsTheFileIsAnswered416AndDownloadedAfresh() throws IOException {
        ProjectContext project = project();
        Files.createDirectories(project.paths().downloads());
        Files.write(ReleaseUrls.partFile(project.paths().downloads().resolve(ZIP)), new byte[zipBytes.length]);

        reconciler().reconcile(action(project), project).orThrow();

        assertThat(ranges).containsExactly("bytes=" + zipBytes.length + "-", "");
        assertThat(new PackageStore(project.paths()).versions()).containsExactly(V1);
        assertThat(listing(project.paths().downloads())).isEmpty();
    }

    // ---- helpers ----

    /**
     * The JDK HttpServer does not close the socket when a fixed-length body is cut short; the client
     * sees a connection that goes silent, as over a dead link. A short idle time-out keeps the test fast.
     */
    private static DownloadReconciler reconciler() {
        return new DownloadReconciler(new ReleaseFetcher(ReleaseFetcher.DEFAULT_MAX_BYTES, Duration.ofSeconds(30),
                Duration.ofMillis(800)), new SafeExtractor());
    }

    private ProjectContext project() {
        String yaml = "apiVersion: shipshape.dev/v1\n"
                + "kind: Server\n"
                + "metadata:\n"
                + "  name: demo\n"
                + "spec:\n"
                + "  version: 1.0.0\n"
                + "  source:\n"
                + "    url: http://127.0.0.1:" + port + "/demo-server-linux-x64-{version}.zip\n"
                + "    insecure: true\n"
                + "  projectDir: projects/demo\n";
        return ProjectContext.of(DesiredFile.parse(tmp.resolve("demo.yaml"), yaml));
    }

    private static DownloadRelease action(ProjectContext project) {
        Version v = project.desired().spec().version();
        return new DownloadRelease(v, project.desired().spec().source().urlFor(v));
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
