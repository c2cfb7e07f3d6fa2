package dev.shipshape.controller.http;

import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.status.RunResult;
import dev.shipshape.controller.status.StatusFixtures;
import dev.shipshape.controller.status.StatusJson;
import dev.shipshape.controller.status.StatusTracker;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.desired.DesiredFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpEndpointsTest {
    static final Pattern SAMPLE = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? ([0-9eE+.-]+|NaN|[+-]Inf)$");

    @TempDir
    Path dir;

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicBoolean alive = new AtomicBoolean(true);
    ControllerMetrics metrics;
    StatusTracker tracker;
    DesiredFile desired;
    HttpEndpoints endpoints;

    @BeforeEach
    void start() {
        desired = StatusFixtures.desired(dir, "1.0.0");
        tracker = new StatusTracker("spacetech", desired.projectDir(), Clock.systemUTC());
        metrics = new ControllerMetrics();
        endpoints = new HttpEndpoints(tracker::snapshot, metrics, alive::get, 0);
        endpoints.start();
    }

    @AfterEach
    void stop() {
        endpoints.stop();
        metrics.close();
    }

    @Test
    void healthzAnswersWhileAlive() throws Exception {
        HttpResponse<String> r = get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");

        alive.set(false);
        assertThat(get("/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    void readyzFlipsWithConvergence() throws Exception {
        HttpResponse<String> before = get("/readyz");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body()).contains("NotReconciled");

        tracker.reconcileStarted(desired);
        tracker.reconcileFinished(desired, StatusFixtures.converged("1.0.0"), List.of(), 5);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");

        tracker.reconcileFailed(desired, new ShipshapeException("the Docker engine is not answering"), true, 5);
        HttpResponse<String> failed = get("/readyz");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.body()).contains("ReconcileFailed", "not answering");

        tracker.reconcileFinished(desired, StatusFixtures.converged("1.0.0"), List.of(), 5);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void statusIsTheJsonOfTheTracker() throws Exception {
        tracker.reconcileStarted(desired);
        tracker.reconcileFinished(desired, StatusFixtures.converged("1.0.0"), List.of(), 5);
        HttpResponse<String> r = get("/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(StatusJson.read(r.body())).isEqualTo(tracker.snapshot());
    }

    @Test
    void metricsIsPrometheusText() throws Exception {
        metrics.reconciliation(RunResult.CONVERGED, Duration.ofMillis(12));
        metrics.converged(true);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("shipshape_reconciliations_total{result=\"converged\"} 1.0", "shipshape_converged 1.0");
        for (String line : r.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(SAMPLE.matcher(line).matches()).as(line).isTrue();
            }
        }
    }

    @Test
    void onlyGetIsServed() throws Exception {
        for (String path : List.of("/healthz", "/readyz", "/status", "/metrics")) {
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri(path))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(path).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        }
        HttpResponse<String> delete = client.send(HttpRequest.newBuilder(uri("/status")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void postTriggerIsServedOnlyAfterAnExplicitOptIn() throws Exception {
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(uri("/trigger"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(405);

        java.util.concurrent.atomic.AtomicInteger triggered = new java.util.concurrent.atomic.AtomicInteger();
        HttpEndpoints opted = new HttpEndpoints(tracker::snapshot, metrics, alive::get, 0);
        opted.allowTrigger(triggered::incrementAndGet);
        opted.start();
        try {
            URI trigger = URI.create("http://127.0.0.1:" + opted.port() + "/trigger");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(trigger).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(triggered).hasValue(1);
            // Still nothing but /trigger changes anything.
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opted.port()
                    + "/status")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(405);
            assertThat(triggered).hasValue(1);
        } finally {
            opted.stop();
        }
    }

    @Test
    void withATokenPostTriggerNeedsItAsABearerToken() throws Exception {
        java.util.concurrent.atomic.AtomicInteger triggered = new java.util.concurrent.atomic.AtomicInteger();
        HttpEndpoints opted = new HttpEndpoints(tracker::snapshot, metrics, alive::get, 0);
        opted.allowTrigger(triggered::incrementAndGet, "0123456789abcdef0123");
        opted.start();
        try {
            URI trigger = URI.create("http://127.0.0.1:" + opted.port() + "/trigger");
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(trigger).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(trigger).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer 0123456789abcdef0124").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("--trigger-token-file").contains("Authorization: Bearer <token>")
                    .doesNotContain("0123456789abcdef");
            assertThat(triggered).hasValue(0);

            HttpResponse<String> right = client.send(HttpRequest.newBuilder(trigger).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer 0123456789abcdef0123").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(right.statusCode()).isEqualTo(202);
            assertThat(triggered).hasValue(1);
        } finally {
            opted.stop();
        }
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        assertThat(get("/index.html").statusCode()).isEqualTo(404);
        assertThat(get("/statusx").statusCode()).isEqualTo(404);
        assertThat(get("/metrics/more").statusCode()).isEqualTo(404);
    }

    @Test
    void theRootIsTheStatusPageWithAPolicyThatLoadsNothing() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p)
                .startsWith("default-src 'none'"));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).contains("<h1 id=\"project\">spacetech</h1>").contains("NotReconciled");
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        assertThat(endpoints.port()).isPositive();
        InetAddress any = InetAddress.getByName("0.0.0.0");
        assertThatThrownBy(() -> new HttpEndpoints(tracker::snapshot, metrics, alive::get, any, 0, false))
                .isInstanceOf(EndpointException.class).hasMessageContaining("127.0.0.1");
    }

    @Test
    void aTakenPortIsATypedError() {
        HttpEndpoints second = new HttpEndpoints(tracker::snapshot, metrics, alive::get, endpoints.port());
        assertThatThrownBy(second::start).isInstanceOf(EndpointException.class).hasMessageContaining("choose another port");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoints.port() + path);
    }
}
