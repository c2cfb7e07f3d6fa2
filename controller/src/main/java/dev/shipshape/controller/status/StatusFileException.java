package dev.shipshape.controller.status;

import dev.shipshape.model.ShipshapeException;

/** The status file exists but cannot be read or understood. */
public class StatusFileException extends ShipshapeException {
    public StatusFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
