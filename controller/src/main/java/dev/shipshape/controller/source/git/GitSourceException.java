package dev.shipshape.controller.source.git;

import dev.shipshape.model.ShipshapeException;

/** The Git source cannot be used as configured; the message says what to change. */
public final class GitSourceException extends ShipshapeException {
    public GitSourceException(String message) {
        super(message);
    }

    public GitSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
