package dev.shipshape.reconcilers.files;

import dev.shipshape.model.ShipshapeException;

/**
 * shipshape's state folder, or a file in it, is not one shipshape can trust: a symbolic link, owned by
 * another user, writable by others, or not the kind of entry it should be. Never retried: a person
 * must look at it; the message says what was found and what to do.
 */
public final class UnsafeStateException extends ShipshapeException {
    public UnsafeStateException(String message) {
        super(message);
    }

    public UnsafeStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
