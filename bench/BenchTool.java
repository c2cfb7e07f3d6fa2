import java.io.*;
import java.net.*;
import java.nio.ByteBuffer;
import java.nio.channels.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.atomic.*;

/**
 * Helpers of the shipshape benchmark (run as a single-file program: java bench/BenchTool.java CMD ...).
 * Everything talks to 127.0.0.1 or to unix sockets only; every loop is bounded in time.
 *
 *   probe OUT NEWVERSION MAXSECONDS PORT...   polls GET /version.txt on every port every 10 ms (on a kept-open
 *                                             connection per port, a new one when it broke) until
 *                                             the file OUT.stop exists (or MAXSECONDS); writes OUT.status
 *                                             ("<ports serving NEWVERSION> <ports>") every 100 ms and, at the
 *                                             end, one line per port to OUT:
 *                                             port downtime_ms longest_gap_ms gaps final_version polls
 *                                             downtime = sum of the gaps, a gap = from the last answer before
 *                                             a failed poll to the next answer (any version); a poll fails when
 *                                             the connection is refused or no answer comes within 2 s.
 *   heal PORT TIMEOUTMS CMD...                runs CMD (e.g. docker kill X), then waits for the port to fail
 *                                             and answer again; prints the ms from just before CMD to serving
 *                                             again (or "timeout").
 *   serve-time PORT TIMEOUTMS CMD...          runs CMD, prints ms until the port answers.
 *   proxy LISTEN_SOCK TARGET_SOCK LOG         unix-socket proxy in front of dockerd; appends every HTTP
 *                                             request line ("METHOD PATH") to LOG, flushed at once.
 */
public class BenchTool {
    public static void main(String[] a) throws Exception {
        switch (a[0]) {
            case "probe" -> probe(a);
            case "heal" -> heal(a, true);
            case "serve-time" -> heal(a, false);
            case "proxy" -> proxy(a);
            default -> throw new IllegalArgumentException("unknown command " + a[0]);
        }
    }

    /** one GET /version.txt; returns the trimmed body or null when the port did not answer 200 */
    static String get(int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write("GET /version.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes();
            String r = new String(all, StandardCharsets.ISO_8859_1);
            if (!r.startsWith("HTTP/1.") || !r.contains(" 200 ")) return null;
            int i = r.indexOf("\r\n\r\n");
            return i < 0 ? null : r.substring(i + 4).trim();
        } catch (IOException e) {
            return null;
        }
    }

    static final int PROBE_TIMEOUT_MS = 2000;

    /**
     * One kept-open HTTP/1.1 connection to a port. A poll is a request on it; when the connection
     * broke (its container stopped), the poll opens a new one at once, which a port where nothing
     * listens refuses. So a poll fails exactly when a fresh connection would, but an answering
     * service costs the host a read and a write per poll instead of a connection (and, with a
     * forking server, a process).
     */
    static final class KeptConnection {
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        KeptConnection(int port) { this.port = port; }

        /** GET /version.txt; the trimmed body, or null when the port did not answer 200 */
        String get(int timeoutMs) {
            if (socket != null) {
                String v = request();
                if (v != null) return v;
                close(); // broken or closed by the server: a fresh connection decides
            }
            try {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
                socket.setSoTimeout(timeoutMs);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            } catch (IOException e) {
                close();
                return null;
            }
            String v = request();
            if (v == null) close();
            return v;
        }

        private String request() {
            try {
                out.write("GET /version.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = line();
                if (status == null || !status.startsWith("HTTP/1.")) return null;
                int length = -1;
                boolean closes = false;
                for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                    String lower = h.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) length = Integer.parseInt(lower.substring(15).trim());
                    if (lower.startsWith("connection:") && lower.contains("close")) closes = true;
                }
                byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
                if (closes || length < 0) close();
                if (!status.contains(" 200 ")) return null;
                return new String(body, StandardCharsets.ISO_8859_1).trim();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** one header line without its CRLF, or null at the end of the stream */
        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                if (sb.length() < 8192) sb.append((char) c);
            }
            return null;
        }

        void close() {
            if (socket != null) {
                try { socket.close(); } catch (IOException ignored) { }
            }
            socket = null;
        }
    }

    static void probe(String[] a) throws Exception {
        Path out = Path.of(a[1]);
        String newVersion = a[2];
        long maxNanos = Long.parseLong(a[3]) * 1_000_000_000L;
        Path stop = Path.of(a[1] + ".stop");
        Path status = Path.of(a[1] + ".status");
        int n = a.length - 4;
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) ports[i] = Integer.parseInt(a[4 + i]);
        long[] downtime = new long[n], longest = new long[n], gaps = new long[n], polls = new long[n];
        String[] last = new String[n];
        AtomicBoolean running = new AtomicBoolean(true);
        long start = System.nanoTime();
        // every gap of every service as [from, to] (nanoTime): their union is the time the server had a service down
        List<long[]> outages = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            final int k = i;
            Thread t = new Thread(() -> {
                KeptConnection connection = new KeptConnection(ports[k]);
                long lastOk = -1;
                boolean failing = false;
                while (running.get()) {
                    // A stopped service refuses the connection at once on 127.0.0.1; a generous timeout
                    // keeps a slow answer on a loaded machine from counting as downtime.
                    String v = connection.get(PROBE_TIMEOUT_MS);
                    long now = System.nanoTime();
                    polls[k]++;
                    if (v != null) {
                        if (failing && lastOk >= 0) {
                            long g = now - lastOk;
                            outages.add(new long[] {lastOk, now, ports[k]});
                            downtime[k] += g;
                            longest[k] = Math.max(longest[k], g);
                            gaps[k]++;
                        }
                        failing = false;
                        lastOk = now;
                        last[k] = v;
                    } else {
                        failing = true;
                    }
                    try { Thread.sleep(10); } catch (InterruptedException e) { connection.close(); return; }
                }
                connection.close();
                if (failing && lastOk >= 0) { // still down at the end: count it, mark it
                    long g = System.nanoTime() - lastOk;
                    outages.add(new long[] {lastOk, lastOk + g, ports[k]});
                    downtime[k] += g; longest[k] = Math.max(longest[k], g); gaps[k]++;
                    last[k] = "DOWN";
                }
            }, "probe-" + ports[k]);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        while (!Files.exists(stop) && System.nanoTime() - start < maxNanos) {
            int atNew = 0;
            for (int i = 0; i < n; i++) if (newVersion.equals(last[i])) atNew++;
            Path tmp = Path.of(a[1] + ".status.tmp");
            Files.writeString(tmp, atNew + " " + n + "\n");
            Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(100);
        }
        running.set(false);
        for (Thread t : threads) t.join(2000);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(ports[i]).append(' ').append(downtime[i] / 1_000_000).append(' ').append(longest[i] / 1_000_000)
              .append(' ').append(gaps[i]).append(' ').append(last[i]).append(' ').append(polls[i]).append('\n');
        }
        Files.writeString(out, sb.toString());
        // every gap in wall-clock ms (port, from, to), to lay beside an apply's own timings (shipshape.window.trace)
        long epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        StringBuilder gapsOut = new StringBuilder();
        for (long[] o : new ArrayList<>(outages)) {
            gapsOut.append(o[2]).append(' ').append((o[0] + epochOffset) / 1_000_000).append(' ')
                   .append((o[1] + epochOffset) / 1_000_000).append('\n');
        }
        Files.writeString(Path.of(a[1] + ".gaps"), gapsOut.toString());
        // server-level downtime: the length of the union of all services' gaps, and its first start to last end
        List<long[]> all = new ArrayList<>(outages);
        all.sort(java.util.Comparator.comparingLong(o -> o[0]));
        long union = 0, curFrom = -1, curTo = -1, first = -1, lastEnd = -1;
        for (long[] o : all) {
            first = first < 0 ? o[0] : first;
            lastEnd = Math.max(lastEnd, o[1]);
            if (curFrom < 0 || o[0] > curTo) {
                union += curTo - curFrom;
                curFrom = o[0];
                curTo = o[1];
            } else {
                curTo = Math.max(curTo, o[1]);
            }
        }
        union += curTo - curFrom;
        Files.writeString(Path.of(a[1] + ".server"), (union / 1_000_000) + " " + (first < 0 ? 0 : (lastEnd - first) / 1_000_000)
                + "\n");
    }

    static void heal(String[] a, boolean waitForFailure) throws Exception {
        int port = Integer.parseInt(a[1]);
        long timeout = Long.parseLong(a[2]) * 1_000_000L;
        List<String> cmd = Arrays.asList(a).subList(3, a.length);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean seenDown = !waitForFailure;
        while (System.nanoTime() - t0 < timeout) {
            String v = get(port, 300);
            if (v == null) seenDown = true;
            else if (seenDown && p.isAlive() == false) {
                System.out.println((System.nanoTime() - t0) / 1_000_000);
                return;
            } else if (seenDown) {
                // answered again while the command still runs: also counts
                System.out.println((System.nanoTime() - t0) / 1_000_000);
                return;
            }
            Thread.sleep(10);
        }
        p.waitFor();
        System.out.println("timeout");
    }

    static void proxy(String[] a) throws Exception {
        Path listen = Path.of(a[1]);
        UnixDomainSocketAddress target = UnixDomainSocketAddress.of(a[2]);
        PrintStream log = new PrintStream(new FileOutputStream(a[3], true), true, StandardCharsets.UTF_8);
        Files.deleteIfExists(listen);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(listen));
        while (true) {
            SocketChannel client = server.accept();
            SocketChannel upstream;
            try {
                upstream = SocketChannel.open(target);
            } catch (IOException e) {
                client.close();
                continue;
            }
            Thread up = new Thread(() -> pump(client, upstream, log), "up");
            Thread down = new Thread(() -> pump(upstream, client, null), "down");
            up.setDaemon(true); down.setDaemon(true);
            up.start(); down.start();
        }
    }

    private static final String[] METHODS = {"GET ", "POST ", "PUT ", "DELETE ", "HEAD "};

    /** copies from to to; when log is set, logs every line that looks like an HTTP request line */
    static void pump(SocketChannel from, SocketChannel to, PrintStream log) {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        StringBuilder line = new StringBuilder();
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                if (log != null) {
                    for (int i = buf.position(); i < buf.limit(); i++) {
                        char c = (char) (buf.get(i) & 0xff);
                        if (c == '\n') {
                            String l = line.toString().trim();
                            if (l.endsWith(" HTTP/1.1") || l.endsWith(" HTTP/1.0")) {
                                for (String m : METHODS) {
                                    if (l.startsWith(m)) { log.println(l.substring(0, l.length() - 9)); break; }
                                }
                            }
                            line.setLength(0);
                        } else if (line.length() < 4096) {
                            line.append(c);
                        }
                    }
                }
                while (buf.hasRemaining()) to.write(buf);
                buf.clear();
            }
        } catch (IOException ignored) {
        } finally {
            try { to.shutdownOutput(); } catch (IOException ignored) { }
            if (log == null) { try { from.close(); to.close(); } catch (IOException ignored) { } }
        }
    }
}
