package dev.shipshape.controller.it;

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
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP release server on 127.0.0.1 serving the example's release zips; a test may replace a file's bytes. */
final class ReleaseServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();
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
    }

    int requestsFor(String name) {
        AtomicInteger n = requests.get(name);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
