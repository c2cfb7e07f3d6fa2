package dev.shipshape.controller.loop;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import dev.shipshape.reconcilers.runtime.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Listens to Docker events of this project's containers only (one labelled event stream) and
 * reports them; the stream is reopened with a capped backoff when the engine drops it.
 */
public final class DockerEventsWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DockerEventsWatcher.class);
    private static final String[] EVENTS = {"die", "stop", "kill", "oom", "destroy", "health_status", "create", "start",
            "rename", "update", "pause", "unpause"};
    private static final Duration MAX_RECONNECT = Duration.ofSeconds(30);

    private final DockerClient docker;
    private final String project;
    private final BiConsumer<String, String> onEvent;
    private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shipshape-docker-events");
        t.setDaemon(true);
        return t;
    });
    private volatile Closeable stream;
    private volatile boolean closed;
    private volatile long reconnectMillis = 500;

    /** @param onEvent called with (service, action), e.g. ("api", "die") */
    public DockerEventsWatcher(DockerClient docker, String project, BiConsumer<String, String> onEvent) {
        this.docker = docker;
        this.project = project;
        this.onEvent = onEvent;
    }

    public void start() {
        reconnector.execute(this::open);
    }

    private void open() {
        if (closed) {
            return;
        }
        stream = docker.eventsCmd()
                .withLabelFilter(Map.of(Labels.PROJECT, project))
                .withEventFilter(EVENTS)
                .exec(new ResultCallback.Adapter<Event>() {
                    @Override
                    public void onNext(Event e) {
                        reconnectMillis = 500;
                        Map<String, String> attributes = e.getActor() == null ? Map.of() : e.getActor().getAttributes();
                        String service = attributes == null ? null : attributes.get(Labels.SERVICE);
                        onEvent.accept(service, e.getAction());
                    }

                    @Override
                    public void onError(Throwable t) {
                        reopen("failed: " + t.getMessage());
                    }

                    @Override
                    public void onComplete() {
                        reopen("ended");
                    }
                });
    }

    private void reopen(String why) {
        if (closed) {
            return;
        }
        long delay = reconnectMillis;
        reconnectMillis = Math.min(reconnectMillis * 2, MAX_RECONNECT.toMillis());
        LOG.warn("Docker event stream {}; reopening in {} ms", why, delay);
        // Events may have been missed while the stream was down: the caller resyncs on reconnect.
        onEvent.accept(null, "reconnect");
        reconnector.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        reconnector.shutdownNow();
        Closeable s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (java.io.IOException ignored) {
                // shutting down
            }
        }
    }
}
