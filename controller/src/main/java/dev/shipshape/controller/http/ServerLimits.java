package dev.shipshape.controller.http;

/**
 * Bounds on what one client may cost the JDK's HTTP server, which has none by default: a client that
 * sends half a request, or reads its response never, holds a server thread forever. The server reads
 * these system properties (JDK 17's {@code sun.net.httpserver.ServerConfig}) once, when the JVM's first
 * HTTP server is created, so they are set before {@link HttpEndpoints} creates one; a value the
 * operator gave with {@code -D} (through {@code SHIPSHAPE_JAVA_OPTS}) is kept.
 */
final class ServerLimits {
    /** Seconds from a connection's accept (or its next request) to the end of the request's head. */
    static final long MAX_REQUEST_SECONDS = 5;
    /** Seconds to send one response: the largest, /metrics, is a few kilobytes. */
    static final long MAX_RESPONSE_SECONDS = 10;
    /** Request headers: a probe or a scraper sends fewer than ten. */
    static final int MAX_HEADERS = 50;
    /** Bytes of a request's head (request line and headers). */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** How often the server looks for requests and responses over their time. */
    static final long TIMER_MILLIS = 250;

    private ServerLimits() {
    }

    static void apply() {
        setUnlessGiven("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setUnlessGiven("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
        setUnlessGiven("sun.net.httpserver.maxReqHeaders", MAX_HEADERS);
        setUnlessGiven("sun.net.httpserver.maxReqHeaderSize", MAX_HEADER_BYTES);
        setUnlessGiven("sun.net.httpserver.timerMillis", TIMER_MILLIS);
    }

    private static void setUnlessGiven(String property, long value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(value));
        }
    }
}
