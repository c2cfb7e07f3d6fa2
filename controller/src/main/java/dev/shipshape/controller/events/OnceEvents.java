package dev.shipshape.controller.events;

import dev.shipshape.model.events.ServerEvent;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes an event whose key this controller has not published yet: the passes that find "update available"
 * or "approval needed" run every resync, the event is news once. (Delivery deduplicates across restarts too.)
 */
@Singleton
public final class OnceEvents {
    private static final int REMEMBERED = 1000;

    private final ServerEvents events;
    private final Map<String, Boolean> published = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Inject
    public OnceEvents(ServerEvents events) {
        this.events = events;
    }

    public void publish(ServerEvent event) {
        if (published.putIfAbsent(event.key(), Boolean.TRUE) == null) {
            events.publish(event);
        }
    }
}
