package dev.shipshape.reconcilers.download;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Fails a read that waits too long. HttpClient's request timeout stops counting once the headers
 * arrive, so a server that stalls in the middle of a 2 GiB body would otherwise block the control
 * loop forever. A watchdog closes the stream when no byte arrived for the idle time.
 */
final class IdleTimeoutInputStream extends FilterInputStream {
    private static final ScheduledThreadPoolExecutor WATCHDOG = newWatchdog();

    private final long idleNanos;
    private final Deadline deadline;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean timedOut;
    private volatile boolean pastDeadline;

    IdleTimeoutInputStream(InputStream in, Duration idle) {
        this(in, idle, Deadline.NONE);
    }

    /** Also fails a read once {@code deadline} has passed, however steadily bytes arrive. */
    IdleTimeoutInputStream(InputStream in, Duration idle, Deadline deadline) {
        super(in);
        this.idleNanos = idle.toNanos();
        this.deadline = deadline;
        long shortest = deadline.timeout() == null ? idle.toMillis() : Math.min(idle.toMillis(), deadline.timeout().toMillis());
        long period = Math.max(20, shortest / 4);
        this.check = WATCHDOG.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }

    private static ScheduledThreadPoolExecutor newWatchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "shipshape-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private void checkIdle() {
        boolean late = deadline.passed();
        if ((late || System.nanoTime() - lastProgress > idleNanos) && !timedOut) {
            pastDeadline = late;
            timedOut = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // the reader sees the time-out either way
            }
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw timedOut ? timeout() : e;
        }
        // HttpClient's stream reports a close from another thread as a normal end of data.
        if (timedOut) {
            throw timeout();
        }
        if (deadline.passed()) {
            pastDeadline = true;
            timedOut = true;
            throw timeout();
        }
        lastProgress = System.nanoTime();
        return n;
    }

    private SocketTimeoutException timeout() {
        if (pastDeadline) {
            return new SocketTimeoutException("the transfer took longer than " + text(deadline.timeout())
                    + ", the limit spec.source.timeout sets");
        }
        long millis = Duration.ofNanos(idleNanos).toMillis();
        return new SocketTimeoutException("no data received for "
                + (millis >= 1000 ? millis / 1000 + " s" : millis + " ms"));
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 != 0 || d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    boolean timedOut() {
        return timedOut;
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
