package dev.shipshape.reconcilers.download;

import java.time.Duration;

/**
 * When a whole transfer must be over (System.nanoTime), and the timeout it came from; {@link #NONE}
 * never is. Read by the idle watchdog, which closes a stream that is still open at the deadline.
 */
record Deadline(long atNanos, Duration timeout) {
    static final Deadline NONE = new Deadline(Long.MAX_VALUE, null);

    static Deadline after(Duration timeout) {
        return timeout == null ? NONE : new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
    }

    boolean passed() {
        return timeout != null && System.nanoTime() - atNanos > 0;
    }

    /** {@code other}, or what is left of this deadline when that is shorter (at least 1 ms). */
    Duration cap(Duration other) {
        if (timeout == null) {
            return other;
        }
        Duration left = Duration.ofNanos(Math.max(1_000_000, atNanos - System.nanoTime()));
        return left.compareTo(other) < 0 ? left : other;
    }
}
