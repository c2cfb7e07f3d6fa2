package dev.shipshape.controller.events;

import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.ProjectContext;

/**
 * Where the controller reports what happened (upgrade started, rolled back, update available…).
 * Publishing never blocks and never fails the caller: delivery to notification targets happens in
 * the background. {@link #NONE} drops every event.
 */
@FunctionalInterface
public interface ServerEvents {
    ServerEvents NONE = event -> { };

    void publish(ServerEvent event);

    /**
     * The project whose desired file says where events go ({@code spec.notify}); called at the start of every pass,
     * so an edited list of targets applies from the next event on. Never fails.
     */
    default void configure(ProjectContext project) {
    }
}
