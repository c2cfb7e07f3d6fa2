package dev.shipshape.controller.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the desired file's folder, not the file: editors save by writing a temp file and
 * renaming it over the original, which a watch on the file itself would lose. Bursts of events
 * (write, rename, chmod) are debounced into one call.
 */
public final class DesiredFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredFileWatcher.class);
    static final Duration DEBOUNCE = Duration.ofMillis(300);

    private final Path file;
    private final Runnable onChange;
    private final WatchService watch;
    private final Thread thread;
    private final ScheduledExecutorService debouncer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shipshape-file-debounce");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pending;

    public DesiredFileWatcher(Path file, Runnable onChange) {
        this.file = file.toAbsolutePath().normalize();
        this.onChange = onChange;
        try {
            this.watch = FileSystems.getDefault().newWatchService();
            this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch " + this.file.getParent() + ": " + e.getMessage(), e);
        }
        this.thread = new Thread(this::loop, "shipshape-file-watch");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        while (true) {
            WatchKey key;
            try {
                key = watch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                Object context = event.context();
                // OVERFLOW has no name: something may have changed, look anyway.
                if (context == null || file.getFileName().equals(context)) {
                    relevant = true;
                }
            }
            key.reset();
            if (relevant) {
                debounce();
            }
        }
    }

    private synchronized void debounce() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = debouncer.schedule(() -> {
            LOG.info("desired file {} changed", file);
            onChange.run();
        }, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException ignored) {
            // closing on shutdown
        }
        thread.interrupt();
        debouncer.shutdownNow();
    }
}
