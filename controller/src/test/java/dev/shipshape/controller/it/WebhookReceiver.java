package dev.shipshape.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A notification receiver on 127.0.0.1 (an ephemeral port): it records every POST (body and headers) and answers as
 * told: 200, 500, or not at all until it is closed (a receiver that hangs).
 */
final class WebhookReceiver implements AutoCloseable {
    enum Mode { OK, ERROR, HANG }

    record Request(String body, Map<String, List<String>> headers) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final HttpServer server;
    private final Mode mode;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    WebhookReceiver(Mode mode) throws IOException {
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                requests.add(new Request(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        Map.copyOf(exchange.getRequestHeaders())));
            }
            if (mode == Mode.HANG) {
                try {
                    closed.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(mode == Mode.ERROR ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL to POST to; the path holds a token, as Slack's and Discord's do. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0KEN-" + mode.name().toLowerCase();
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The JSON bodies received of {@code event}. */
    List<JsonNode> events(String event) {
        return requests().stream().map(Request::json).filter(j -> j.path("event").asText().equals(event)).toList();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
