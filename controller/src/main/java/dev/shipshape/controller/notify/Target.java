package dev.shipshape.controller.notify;

import dev.shipshape.model.events.ServerEvent;

/** One place events are delivered to; {@link #deliver} either delivers or throws a {@link DeliveryException}. */
interface Target {
    /**
     * The target's name in status, metrics and the record: {@code webhook:hooks.slack.com}, {@code email:smtp.example.com},
     * {@code command:notify-me}; never a URL's path or query, which may hold a token.
     */
    String name();

    /** Whether this target receives {@code event}. */
    boolean wants(ServerEvent event);

    /** Delivers once, within a bounded time. */
    void deliver(ServerEvent event) throws DeliveryException;
}
