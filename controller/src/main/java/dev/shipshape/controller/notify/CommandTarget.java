package dev.shipshape.controller.notify;

import dev.shipshape.model.desired.NotifyTarget;
import dev.shipshape.model.events.ServerEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program run on the host per event, with the event's JSON on stdin; exit code 0 is a delivery. It runs in the
 * desired file's folder, its output is discarded (it may echo what it was given), and it is killed after {@link #TIMEOUT}.
 */
final class CommandTarget implements Target {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final NotifyTarget target;
    private final Path baseDir;
    private final Duration timeout;

    CommandTarget(String name, NotifyTarget target, Path baseDir) {
        this(name, target, baseDir, TIMEOUT);
    }

    CommandTarget(String name, NotifyTarget target, Path baseDir, Duration timeout) {
        this.name = name;
        this.target = target;
        this.baseDir = baseDir;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wants(ServerEvent event) {
        return target.wants(event.kind());
    }

    @Override
    public void deliver(ServerEvent event) throws DeliveryException {
        List<String> argv = target.command();
        Process process;
        try {
            process = new ProcessBuilder(argv).directory(baseDir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new DeliveryException("cannot run " + argv.get(0) + " (" + e.getClass().getSimpleName()
                    + "); check that it exists and is executable");
        }
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(EventBodies.json(event).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program closed its stdin without reading it all: its exit code decides
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new DeliveryException(argv.get(0) + " did not finish within " + timeout.toSeconds() + " s; it was killed");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while " + argv.get(0) + " ran; it was killed");
        }
        if (process.exitValue() != 0) {
            throw new DeliveryException(argv.get(0) + " exited with code " + process.exitValue());
        }
    }
}
