package dev.shipshape.reconcilers.download;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows how far a download got: on a terminal a progress bar on stderr, redrawn in place with a
 * carriage return at most about ten times a second; otherwise (a service, a pipe, CI) a log line
 * every ten seconds or so with the bytes received and the total.
 */
public final class DownloadProgress {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadProgress.class);
    static final long BAR_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int BAR_WIDTH = 30;

    private final String label;
    private final long total;
    private final PrintStream terminal;
    private final LongSupplier nanoTime;
    private final long interval;
    private long lastShown;
    private long bytes;
    private boolean drawn;

    DownloadProgress(String label, long start, long total, PrintStream terminal, LongSupplier nanoTime) {
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.interval = terminal != null ? BAR_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
        this.bytes = start;
        this.lastShown = nanoTime.getAsLong();
    }

    /** Progress of a download of {@code label} from byte {@code start}, of {@code total} bytes (-1: unknown). */
    public static DownloadProgress start(String label, long start, long total) {
        return new DownloadProgress(label, start, total, System.console() != null ? System.err : null, System::nanoTime);
    }

    /** {@code bytes} of the file are on disk now. Cheap enough to call for every buffer. */
    public void update(long bytes) {
        this.bytes = bytes;
        long now = nanoTime.getAsLong();
        if (now - lastShown < interval) {
            return;
        }
        lastShown = now;
        show();
    }

    /** Ends the display: the bar's line is completed, so later output starts on a fresh line. */
    public void finish() {
        if (terminal != null && drawn) {
            terminal.print("\r" + bar() + "\n");
            terminal.flush();
        }
    }

    private void show() {
        if (terminal != null) {
            terminal.print("\r" + bar());
            terminal.flush();
            drawn = true;
        } else if (LOG.isInfoEnabled()) {
            LOG.info("downloading {}: {}", label, amount());
        }
    }

    /** The text of the bar, e.g. {@code [=========>          ] 45% 12.3 MiB / 27.0 MiB}. */
    String bar() {
        StringBuilder sb = new StringBuilder("[");
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, bytes * BAR_WIDTH / total);
            for (int i = 0; i < BAR_WIDTH; i++) {
                sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
            }
        } else {
            sb.append(" ".repeat(BAR_WIDTH));
        }
        return sb.append("] ").append(amount()).toString();
    }

    String amount() {
        if (total > 0) {
            return String.format(Locale.ROOT, "%d%% %s / %s (%d of %d bytes)", Math.min(100, bytes * 100 / total),
                    human(bytes), human(total), bytes, total);
        }
        return human(bytes) + " (" + bytes + " bytes)";
    }

    static String human(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
