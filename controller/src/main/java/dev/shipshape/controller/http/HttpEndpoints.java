package dev.shipshape.controller.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.status.ConditionType;
import dev.shipshape.controller.status.ServerStatus;
import dev.shipshape.controller.status.StatusJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Read-only HTTP endpoints of the controller, on the JDK's HTTP server (no extra dependency, and it
 * parses HTTP so this class never does):
 * <ul>
 *   <li>{@code /healthz}: 200 while the control loop is alive: not stopped, and not silent for longer than
 *   its pass may take (liveness);</li>
 *   <li>{@code /readyz}: 200 when the last reconciliation converged (condition Ready True), else 503;</li>
 *   <li>{@code /status}: the {@link ServerStatus} as JSON;</li>
 *   <li>{@code /}: the same status as a small HTML page for people ({@link StatusPage});</li>
 *   <li>{@code /metrics}: Prometheus text.</li>
 * </ul>
 * Only GET is served (others get 405) and no request changes anything, with one opt-in exception:
 * after {@link #allowTrigger}, {@code POST /trigger} asks the controller to look for a new desired
 * state now (a Git fetch); it changes nothing by itself, and the reconciliation it may start is the
 * one the next poll would have started.
 *
 * <p>Binds to 127.0.0.1 unless the caller passes another address <em>and</em> {@code allowNonLoopback}:
 * the endpoints have no authentication, and status and metrics describe the host's server, so they
 * are for the local machine (or a local scraper/reverse proxy) unless someone decides otherwise on purpose.
 */
public final class HttpEndpoints implements AutoCloseable {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String PLAIN_TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
    /**
     * Each request on its own thread, up to this many at once: a slow /metrics scrape or a client that
     * sends its request slowly must not hold up a liveness probe. The JDK server reads a request's
     * head on the executor's thread, so a half-sent request holds a thread until
     * {@link ServerLimits#MAX_REQUEST_SECONDS} closes it.
     */
    static final int THREADS = 8;
    /** Connections waiting for a thread; beyond that the server closes new ones at once (never unbounded). */
    static final int QUEUED = 32;

    static {
        ServerLimits.apply();
    }

    private final Supplier<ServerStatus> status;
    private final ControllerMetrics metrics;
    private final BooleanSupplier alive;
    private final InetSocketAddress address;
    private HttpServer server;
    private ExecutorService executor;
    private volatile Runnable trigger;
    /** sha256 of the token POST /trigger must carry; null: none asked for. */
    private volatile byte[] triggerTokenDigest;

    /** On 127.0.0.1:{@code port}; port 0 picks a free one (see {@link #port()}). */
    public HttpEndpoints(Supplier<ServerStatus> status, ControllerMetrics metrics, BooleanSupplier alive, int port) {
        this(status, metrics, alive, InetAddress.getLoopbackAddress(), port, false);
    }

    /**
     * On any address. A non-loopback {@code bindAddress} is refused unless {@code allowNonLoopback}
     * is true: exposing unauthenticated endpoints beyond this host must be an explicit choice.
     */
    public HttpEndpoints(Supplier<ServerStatus> status, ControllerMetrics metrics, BooleanSupplier alive,
                         InetAddress bindAddress, int port, boolean allowNonLoopback) {
        if (port < 0 || port > 65535) {
            throw new EndpointException("the HTTP port must be between 0 and 65535, not " + port);
        }
        if (!bindAddress.isLoopbackAddress() && !allowNonLoopback) {
            throw new EndpointException("refusing to serve the status endpoints on " + bindAddress.getHostAddress()
                    + ": they have no authentication, so they listen on 127.0.0.1 unless non-loopback binding is"
                    + " explicitly allowed");
        }
        this.status = status;
        this.metrics = metrics;
        this.alive = alive;
        this.address = new InetSocketAddress(bindAddress, port);
    }

    /** Serves {@code POST /trigger}, which runs {@code trigger} (it must return quickly); call before {@link #start()}. */
    public synchronized void allowTrigger(Runnable trigger) {
        allowTrigger(trigger, null);
    }

    /**
     * As {@link #allowTrigger(Runnable)}, a request then having to carry {@code token} as {@code Authorization: Bearer
     * <token>} (null: no token needed). Any process on the host, and any container on the host network, can reach
     * the endpoints; the token limits the one request that makes the controller do something to those who can read it.
     */
    public synchronized void allowTrigger(Runnable trigger, String token) {
        this.trigger = trigger;
        this.triggerTokenDigest = token == null ? null : sha256(token);
    }

    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the HTTP endpoints are already started");
        }
        HttpServer s;
        try {
            s = HttpServer.create(address, 0);
        } catch (BindException e) {
            throw new EndpointException("cannot listen on " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + " (" + e.getMessage() + "); choose another port", e);
        } catch (IOException e) {
            throw new EndpointException("cannot start the HTTP endpoints: " + e.getMessage(), e);
        }
        s.createContext("/", getOnly(this::route, this::triggerRoute));
        // A full pool and queue refuse: the JDK server closes a connection its executor rejects.
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED),
                daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        s.setExecutor(executor);
        s.start();
        server = s;
        LOG.info("serving / /healthz /readyz /status /metrics on http://{}:{}",
                address.getAddress().getHostAddress(), port());
    }

    /** The port listened on: the chosen one when constructed with port 0. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the HTTP endpoints are not started");
        }
        return server.getAddress().getPort();
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
    }

    @Override
    public void close() {
        stop();
    }

    private Response route(String path) {
        switch (path) {
            case "/healthz":
                return alive.getAsBoolean()
                        ? new Response(200, PLAIN_TEXT, "ok\n")
                        : new Response(503, PLAIN_TEXT, "the control loop has stopped or is stuck; see the controller log\n");
            case "/readyz":
                return readiness(status.get());
            case "/":
                return new Response(200, StatusPage.HTML, StatusPage.render(status.get()));
            case "/status":
                return new Response(200, JSON, StatusJson.write(status.get()) + "\n");
            case "/metrics":
                return new Response(200, PROMETHEUS_TEXT, metrics.scrape());
            default:
                return new Response(404, PLAIN_TEXT, "not found; try /, /healthz, /readyz, /status or /metrics\n");
        }
    }

    private static Response readiness(ServerStatus s) {
        if (s.ready()) {
            return new Response(200, PLAIN_TEXT, "ready\n");
        }
        String why = s.condition(ConditionType.READY)
                .map(c -> c.reason() + ": " + c.message()).orElse("not reconciled yet");
        return new Response(503, PLAIN_TEXT, "not ready: " + why + "\n");
    }

    /** {@code POST /trigger} when allowed; null for every other request, which then gets the usual 405. */
    private Response triggerRoute(HttpExchange exchange) {
        Runnable t = trigger;
        if (t == null || !"/trigger".equals(exchange.getRequestURI().getPath())) {
            return null;
        }
        byte[] expected = triggerTokenDigest;
        if (expected != null) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : "";
            // Digests of equal length, compared in constant time: neither the token nor its length leaks by timing.
            if (!MessageDigest.isEqual(expected, sha256(given))) {
                LOG.warn("POST /trigger refused: {}", given.isEmpty() ? "no bearer token" : "a wrong token");
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                return new Response(401, PLAIN_TEXT, "POST /trigger needs the token in the file given to --trigger-token-file,"
                        + " sent as 'Authorization: Bearer <token>'\n");
            }
        }
        t.run();
        LOG.info("a look for a new desired state was requested through POST /trigger");
        return new Response(202, PLAIN_TEXT, "looking for a new desired state\n");
    }

    /** Wraps routing with the method check and the writing of the response. */
    private static HttpHandler getOnly(Function<String, Response> router, Function<HttpExchange, Response> posts) {
        return exchange -> {
            try {
                Response r;
                Response posted = "POST".equals(exchange.getRequestMethod())
                        ? posts.apply(exchange) : null;
                if (posted != null) {
                    r = posted;
                } else if (!"GET".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    r = new Response(405, PLAIN_TEXT, "only GET is served here\n");
                } else {
                    r = safely(router, exchange);
                }
                send(exchange, r);
            } finally {
                exchange.close();
            }
        };
    }

    private static Response safely(Function<String, Response> router, HttpExchange exchange) {
        try {
            return router.apply(exchange.getRequestURI().getPath());
        } catch (RuntimeException e) {
            // The body stays generic: an exception message is not known to be free of secrets.
            LOG.warn("{} failed", exchange.getRequestURI().getPath(), e);
            return new Response(500, PLAIN_TEXT, "internal error; see the controller log\n");
        }
    }

    private static void send(HttpExchange exchange, Response r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (StatusPage.HTML.equals(r.contentType())) {
            exchange.getResponseHeaders().set("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
        }
        exchange.sendResponseHeaders(r.code(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            // Daemon: serving status must never keep a stopping controller's JVM alive.
            Thread t = new Thread(runnable, "shipshape-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Response(int code, String contentType, String body) {
    }
}
