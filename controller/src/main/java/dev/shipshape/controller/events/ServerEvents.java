package dev.shipshape.controller.events;

import dev.shipshape.model.events.ServerEvent;

/**
 * Where the controller reports what happened (upgrade started, rolled back, update available…).
 * Publishing never blocks and never fails the caller: delivery to notification targets happens in
 * the background. {@link #NONE} drops every event (the binding until notifications are configured).
 */
@FunctionalInterface
public interface ServerEvents {
    ServerEvents NONE = event -> { };

    void publish(ServerEvent event);
}
