package dev.shipshape.reconcilers.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shipshape.reconcilers.ReconcileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The answers of a release server, from a JDK HttpServer on 127.0.0.1. */
class HttpOpenerTest {
    private static final byte[] FILE = "0123456789".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private volatile int status = 200;
    private volatile boolean honourRanges = true;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpOpener opener = HttpOpener.lazy(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        try (OutputStream out = ex.getResponseBody()) {
            if (status != 200) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            if (range != null && honourRanges) {
                int from = Integer.parseInt(range.replaceAll("\\D", ""));
                if (from >= FILE.length) {
                    ex.sendResponseHeaders(416, -1);
                    return;
                }
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (FILE.length - 1) + "/" + FILE.length);
                ex.sendResponseHeaders(206, FILE.length - from);
                out.write(FILE, from, FILE.length - from);
                return;
            }
            ex.sendResponseHeaders(200, FILE.length);
            out.write(FILE);
        }
    }

    private URI url(String userInfo) {
        return URI.create("http://" + userInfo + "127.0.0.1:" + server.getAddress().getPort() + "/a.zip");
    }

    private static ReconcileException notFound() {
        return new ReconcileException("not found", false);
    }

    private static String read(ReleaseBody body) throws IOException {
        try (body) {
            return new String(body.stream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aWholeFileAnnouncesItsSize() throws IOException {
        ReleaseBody body = opener.open(url(""), 0, Deadline.NONE, HttpOpenerTest::notFound);
        assertThat(body.offset()).isZero();
        assertThat(body.total()).isEqualTo(FILE.length);
        assertThat(read(body)).isEqualTo("0123456789");
        assertThat(ranges).containsExactly("null");
    }

    @Test
    void aPartialDownloadContinuesWhereItStopped() throws IOException {
        ReleaseBody body = opener.open(url(""), 4, Deadline.NONE, HttpOpenerTest::notFound);
        assertThat(body.offset()).isEqualTo(4);
        assertThat(body.total()).isEqualTo(FILE.length);
        assertThat(read(body)).isEqualTo("456789");
        assertThat(ranges).containsExactly("bytes=4-");
    }

    @Test
    void aServerThatIgnoresRangesSendsTheWholeFile() throws IOException {
        honourRanges = false;
        ReleaseBody body = opener.open(url(""), 4, Deadline.NONE, HttpOpenerTest::notFound);
        assertThat(body.offset()).isZero();
        assertThat(read(body)).isEqualTo("0123456789");
    }

    @Test
    void aPartAsLongAsTheFileStartsOver() throws IOException {
        ReleaseBody body = opener.open(url(""), FILE.length, Deadline.NONE, HttpOpenerTest::notFound);
        assertThat(body.offset()).isZero();
        assertThat(read(body)).isEqualTo("0123456789");
        assertThat(ranges).containsExactly("bytes=10-", "null");
    }

    @Test
    void credentialsTravelAsBasicAuthentication() throws IOException {
        read(opener.open(url("deploy:s3cret@"), 0, Deadline.NONE, HttpOpenerTest::notFound));
        assertThat(authorizations).singleElement().asString().startsWith("Basic ");
    }

    @Test
    void notFoundIsTheCallersException() {
        status = 404;
        assertThatThrownBy(() -> opener.open(url(""), 0, Deadline.NONE, HttpOpenerTest::notFound)).hasMessage("not found");
    }

    @Test
    void otherAnswersSayWhatToDoAndWhetherATryAgainHelps() {
        status = 403;
        assertThat(refusal().isTransient()).isFalse();
        assertThat(refusal()).hasMessageEndingWith("refused access (HTTP 403); check the credentials the release server expects");
        status = 302; // not followed: the URL carries credentials
        assertThat(catchThrowableOfType(ReconcileException.class,
                () -> opener.open(url("u:p@"), 0, Deadline.NONE, HttpOpenerTest::notFound)))
                .hasMessageContaining("redirected (HTTP 302) to an address shipshape does not follow");
        status = 503;
        assertThat(refusal().isTransient()).isTrue();
        assertThat(refusal()).hasMessageEndingWith("answered HTTP 503; the release server has a problem, will try again");
        status = 418;
        assertThat(refusal().isTransient()).isFalse();
        assertThat(refusal()).hasMessageEndingWith("answered HTTP 418; check spec.source.url");
    }

    private ReconcileException refusal() {
        return catchThrowableOfType(ReconcileException.class,
                () -> opener.open(url(""), 0, Deadline.NONE, HttpOpenerTest::notFound));
    }
}
