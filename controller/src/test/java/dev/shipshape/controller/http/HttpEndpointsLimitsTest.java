package dev.shipshape.controller.http;

import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.status.StatusFixtures;
import dev.shipshape.controller.status.StatusTracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real sockets on 127.0.0.1: what a slow or greedy client may cost the endpoints. */
class HttpEndpointsLimitsTest {
    @TempDir
    Path dir;

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Socket> sockets = new ArrayList<>();
    ControllerMetrics metrics;
    HttpEndpoints endpoints;

    @BeforeEach
    void start() {
        StatusTracker tracker = new StatusTracker("spacetech", StatusFixtures.desired(dir, "1.0.0").projectDir(),
                Clock.systemUTC());
        metrics = new ControllerMetrics();
        endpoints = new HttpEndpoints(tracker::snapshot, metrics, () -> true, 0);
        endpoints.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        endpoints.stop();
        metrics.close();
    }

    /** A connection that sends the start of a request and then nothing: the server reads it on one of its threads. */
    Socket halfSent() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoints.port());
        sockets.add(s);
        s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    @Test
    void halfSentRequestsNeitherHoldUpAProbeNorLast() throws Exception {
        List<Socket> slow = new ArrayList<>();
        // Issue 20: two of them held both threads of the former pool, and every endpoint with them.
        for (int i = 0; i < 2; i++) {
            slow.add(halfSent());
        }
        HttpResponse<String> probe = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port()
                + "/healthz")).timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(probe.statusCode()).isEqualTo(200);

        // The server closes each of them once the request's time is up: the read ends (end of stream or a
        // reset) well within the socket's own timeout, which only stops the test from hanging.
        for (Socket s : slow) {
            s.setSoTimeout((int) Duration.ofSeconds(ServerLimits.MAX_REQUEST_SECONDS + 10).toMillis());
            assertThat(endOfStreamOrReset(s.getInputStream())).as("the server closed the half-sent request").isTrue();
        }
    }

    @Test
    void aRequestWithTooManyHeadersIsRefused() throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoints.port());
        sockets.add(s);
        StringBuilder request = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < ServerLimits.MAX_HEADERS + 10; i++) {
            request.append("X-Padding-").append(i).append(": x\r\n");
        }
        s.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout((int) Duration.ofSeconds(ServerLimits.MAX_REQUEST_SECONDS + 10).toMillis());
        String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        assertThat(answer).as("never a 200").doesNotContain("200");
    }

    @Test
    void connectionsBeyondThePoolAndItsQueueAreClosedAtOnce() throws Exception {
        List<Socket> all = new ArrayList<>();
        for (int i = 0; i < HttpEndpoints.THREADS + HttpEndpoints.QUEUED + 1; i++) {
            all.add(halfSent());
        }
        // The pool serves 8, 32 wait: the one left over is closed long before a request's time is up.
        for (Socket s : all) {
            s.setSoTimeout(1);
        }
        await().atMost(Duration.ofSeconds(ServerLimits.MAX_REQUEST_SECONDS - 2))
                .until(() -> all.stream().anyMatch(HttpEndpointsLimitsTest::closedByServer));
    }

    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** True when the peer closed the connection (end of stream or reset), false on any byte of response. */
    private static boolean endOfStreamOrReset(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
