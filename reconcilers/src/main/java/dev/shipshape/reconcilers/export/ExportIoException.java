package dev.shipshape.reconcilers.export;

import dev.shipshape.reconcilers.ReconcileException;

/**
 * Reading or writing the project's files failed (disk full, permissions, a file vanished). Trying
 * again can help once the cause is fixed, so it is transient.
 */
public class ExportIoException extends ReconcileException {
    public ExportIoException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
