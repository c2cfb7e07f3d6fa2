package dev.shipshape.controller.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, at the socket level (which
 * {@code com.sun.net.httpserver} cannot): it may answer an error, reset the connection in the middle
 * of a body, or accept a connection and never answer. Each request goes to the test's {@link Handler}.
 * {@link #close()} closes the listening socket and every connection it accepted.
 */
final class FaultServer implements AutoCloseable {
    /** One request: method, path, headers (names lower case; the values of a repeated header joined by ", "). */
    record Request(String method, String path, Map<String, String> headers) {
    }

    @FunctionalInterface
    interface Handler {
        /** Answers (or not) on {@code out}; returns whether the connection may carry another request. */
        boolean handle(Request request, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Handler handler;

    FaultServer(Handler handler) {
        this.handler = handler;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "fault-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    void handler(Handler handler) {
        this.handler = handler;
    }

    /** Closes every connection accepted so far (the listening socket stays). */
    void dropConnections() {
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Connections accepted and not closed yet (by either side). */
    int openConnections() {
        return accepted.size();
    }

    long count(String pathPart) {
        return requests.stream().filter(r -> r.path().contains(pathPart)).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.add(socket);
            Thread t = new Thread(() -> serve(socket), "fault-server-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                if (!handler.handle(request, socket, out)) {
                    return;
                }
            }
        } catch (IOException gone) {
            // the client went away, or the test closed us
        } finally {
            accepted.remove(socket);
        }
    }

    /** Reads a request head (a body is not expected: GET and HEAD); null at the end of the stream. */
    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while (last4 != 0x0d0a0d0a) {
            if ((b = in.read()) < 0) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > 64 * 1024) {
                throw new IOException("request head too large");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] first = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                // a header sent several times (the engine sends one Accept per manifest type) keeps every value
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (earlier, later) -> earlier + ", " + later);
            }
        }
        return new Request(first[0], first.length > 1 ? first[1] : "/", headers);
    }

    /** Writes a whole response with a body (none for HEAD). */
    static void respond(OutputStream out, Request request, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!request.method().equals("HEAD")) {
            out.write(body);
        }
        out.flush();
    }

    /** Sends the head and the first {@code sent} bytes of {@code body}, then resets the connection (RST). */
    static void dropAfter(Socket socket, OutputStream out, byte[] body, int sent) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, sent);
        out.flush();
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 206 -> "Partial Content";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
