package dev.shipshape.controller.source.git;

import dev.shipshape.model.ShipshapeException;

/** Fetching the followed branch failed; the last fetched commit stays in use. */
public final class GitFetchException extends ShipshapeException {
    public GitFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
