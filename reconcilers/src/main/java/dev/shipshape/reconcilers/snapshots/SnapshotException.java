package dev.shipshape.reconcilers.snapshots;

import dev.shipshape.reconcilers.ReconcileException;

/**
 * A snapshot or a restore refused before it changed anything (unknown id, no room, a damaged archive), or
 * one that failed; the message says what to do. Never transient: retrying does not make room or an id.
 */
public final class SnapshotException extends ReconcileException {
    public SnapshotException(String message) {
        super(message, false);
    }

    public SnapshotException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
