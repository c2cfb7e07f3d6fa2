package dev.shipshape.reconcilers.containers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * TEMPORARY (issue 17 breakdown): the wall-clock times of a window's engine calls per service, logged at the
 * window's end when {@code -Dshipshape.window.trace=true}; nothing is recorded otherwise.
 */
final class WindowTrace {
    private static final Logger LOG = LoggerFactory.getLogger(WindowTrace.class);
    static final boolean ON = Boolean.getBoolean("shipshape.window.trace");
    private static final List<String> EVENTS = new ArrayList<>();

    private WindowTrace() {
    }

    static void mark(String service, String event) {
        if (ON) {
            long now = System.currentTimeMillis();
            synchronized (EVENTS) {
                EVENTS.add(now + " " + service + " " + event + " " + Thread.currentThread().getName());
            }
        }
    }

    static void dump() {
        if (ON) {
            synchronized (EVENTS) {
                for (String e : EVENTS) {
                    LOG.info("TRACE {}", e);
                }
                EVENTS.clear();
            }
        }
    }
}
