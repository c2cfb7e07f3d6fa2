package dev.shipshape.model;

/** Base of every failure shipshape reports to its user; the message says what is wrong and what to do. */
public class ShipshapeException extends RuntimeException {
    public ShipshapeException(String message) {
        super(message);
    }

    public ShipshapeException(String message, Throwable cause) {
        super(message, cause);
    }
}
