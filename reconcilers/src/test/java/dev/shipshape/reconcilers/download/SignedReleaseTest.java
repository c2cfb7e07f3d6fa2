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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * spec.source.publicKey (issue 20, item 2): a package is used only with a valid Ed25519 signature of its sha256 at
 * {@code {url}.sig}; served by a real HTTP server on 127.0.0.1 whose .sha256 the attacker controls as well.
 */
class SignedReleaseTest {
    private static final Version V1 = Version.parse("1.0.0");
    private static final String ZIP = "demo-server-linux-x64-1.0.0.zip";

    @TempDir
    Path tmp;
    private HttpServer server;
    private final Map<String, byte[]> content = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private KeyPair vendor;
    private byte[] zip;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
        vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        zip = TestZips.zip(TestZips.release("1.0.0"));
        publish(zip, sign(vendor.getPrivate(), zip));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSignedPackageIsAccepted() {
        ProjectContext project = project(rawKey(vendor.getPublic()));

        new DownloadReconciler().reconcile(action(project), project).orThrow();

        assertThat(new PackageStore(project.paths()).dir(V1)).isPresent();
    }

    @Test
    void aPemKeyIsAcceptedToo() {
        ProjectContext project = project(pem(vendor.getPublic()));

        new DownloadReconciler().reconcile(action(project), project).orThrow();

        assertThat(new PackageStore(project.paths()).dir(V1)).isPresent();
    }

    @Test
    void aTamperedPackageWithAMatchingChecksumFileIsRefusedBeforeItIsDownloaded() throws Exception {
        // Whoever controls the server replaces the zip and its .sha256, and keeps the vendor's .sig.
        byte[] tampered = TestZips.zip(withExtra(TestZips.release("1.0.0")));
        content.put("/" + ZIP, tampered);
        content.put("/" + ZIP + ".sha256", (FilePackages.sha256(tampered) + "  " + ZIP + "\n").getBytes(StandardCharsets.UTF_8));
        ProjectContext project = project(rawKey(vendor.getPublic()));

        assertRefused(project, "does not match the package's sha256 " + FilePackages.sha256(tampered));
        assertThat(hits("/" + ZIP)).as("the zip is never downloaded").isZero();
    }

    @Test
    void aPackageSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        publish(zip, sign(other.getPrivate(), zip));
        ProjectContext project = project(rawKey(vendor.getPublic()));

        assertRefused(project, "signed with another key");
    }

    @Test
    void aMissingSignatureIsRefusedAndALeftoverZipIsNotKept() throws Exception {
        content.remove("/" + ZIP + ".sig");
        ProjectContext project = project(rawKey(vendor.getPublic()));
        // a zip an earlier run (before the key was added) left in downloads/
        Files.createDirectories(project.paths().downloads());
        Files.write(project.paths().downloads().resolve(ZIP), zip);

        assertRefused(project, "there is no signature at http://127.0.0.1:" + port() + "/" + ZIP + ".sig");
    }

    @Test
    void aSignatureThatIsNotBase64IsRefused() throws IOException {
        content.put("/" + ZIP + ".sig", "<html>not found</html>".getBytes(StandardCharsets.UTF_8));
        ProjectContext project = project(rawKey(vendor.getPublic()));

        assertRefused(project, "is not base64");
    }

    private void assertRefused(ProjectContext project, String why) throws IOException {
        assertThatThrownBy(() -> new DownloadReconciler().reconcile(action(project), project).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining(why)
                .hasMessageContaining("the package was refused and nothing of it is kept or installed")
                .hasMessageContaining("spec.source.publicKey");
        assertThat(new PackageStore(project.paths()).versions()).isEmpty();
        assertThat(listing(project.paths().downloads())).as("nothing of the package is kept").isEmpty();
        assertThat(listing(project.paths().packages())).isEmpty();
    }

    // ---- helpers ----

    private static Map<String, byte[]> withExtra(Map<String, byte[]> release) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>(release);
        files.put("config/extra.txt", "planted".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        byte[] body = content.get(path);
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
        } else {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    private void publish(byte[] zipBytes, byte[] signature) {
        content.put("/" + ZIP, zipBytes);
        content.put("/" + ZIP + ".sha256", (FilePackages.sha256(zipBytes) + "  " + ZIP + "\n").getBytes(StandardCharsets.UTF_8));
        content.put("/" + ZIP + ".sig", Base64.getEncoder().encode(signature));
    }

    /** What {@code openssl pkeyutl -sign -rawin} over the hex digest gives. */
    static byte[] sign(PrivateKey key, byte[] zipBytes) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(FilePackages.sha256(zipBytes).getBytes(StandardCharsets.US_ASCII));
        return s.sign();
    }

    static String rawKey(PublicKey key) {
        byte[] der = key.getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private ProjectContext project(String publicKey) {
        String key = publicKey.contains("\n") ? "|\n" + publicKey.lines().map(l -> "      " + l + "\n").reduce("", String::concat)
                : publicKey + "\n";
        String yaml = "apiVersion: shipshape.dev/v1\n"
                + "kind: Server\n"
                + "metadata:\n"
                + "  name: demo\n"
                + "spec:\n"
                + "  version: 1.0.0\n"
                + "  source:\n"
                + "    url: http://127.0.0.1:" + port() + "/demo-server-linux-x64-{version}.zip\n"
                + "    publicKey: " + key
                + "  projectDir: projects/demo\n";
        return ProjectContext.of(DesiredFile.parse(tmp.resolve("demo.yaml"), yaml));
    }

    private static DownloadRelease action(ProjectContext project) {
        Version v = project.desired().spec().version();
        return new DownloadRelease(v, project.desired().spec().source().urlFor(v));
    }

    private int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private static java.util.List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
