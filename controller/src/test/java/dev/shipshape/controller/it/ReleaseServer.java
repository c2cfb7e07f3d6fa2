package dev.shipshape.controller.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP release server on 127.0.0.1 serving the example's release zips; a test may replace a
 * file's bytes, or how a file is answered (a fault: an error status, a dropped connection, a trickle).
 */
final class ReleaseServer implements AutoCloseable {
    /** Answers a request for a file whose bytes would be {@code body}; it may answer anything, or nothing. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange, byte[] body) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "release-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    ReleaseServer(Path dist) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            byte[] body = overrides.get(name);
            Path file = dist.resolve(name).normalize();
            if (body == null && file.startsWith(dist) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
            }
            Responder responder = responders.get(name);
            if (responder != null) {
                try {
                    responder.respond(exchange, body);
                } finally {
                    exchange.close();
                }
                return;
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        // handlers on their own threads: a trickling answer must not hold up the others
        server.setExecutor(handlers);
        server.start();
    }

    /** The URL template for spec.source.url. */
    String urlTemplate() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/spacetech-server-linux-x64-{version}.zip";
    }

    void override(String name, byte[] body) {
        overrides.put(name, body);
    }

    void clearOverrides() {
        overrides.clear();
        responders.clear();
    }

    /** From now on, requests for {@code name} are answered by {@code responder} (until {@link #clearOverrides()}). */
    void respond(String name, Responder responder) {
        responders.put(name, responder);
    }

    int requestsFor(String name) {
        AtomicInteger n = requests.get(name);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
