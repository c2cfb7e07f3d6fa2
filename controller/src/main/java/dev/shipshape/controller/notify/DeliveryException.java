package dev.shipshape.controller.notify;

import dev.shipshape.model.ShipshapeException;

/** A delivery failed; the message says why and is safe to show (no URL path, header or password). */
public final class DeliveryException extends ShipshapeException {
    public DeliveryException(String message) {
        super(message);
    }
}
