package dev.shipshape.controller.http;

import dev.shipshape.model.ShipshapeException;

/** The HTTP endpoints cannot start as configured (address refused, port taken). */
public class EndpointException extends ShipshapeException {
    public EndpointException(String message) {
        super(message);
    }

    public EndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
