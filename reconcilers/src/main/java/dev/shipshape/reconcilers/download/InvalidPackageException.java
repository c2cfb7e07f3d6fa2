package dev.shipshape.reconcilers.download;

import dev.shipshape.reconcilers.ReconcileException;

/**
 * A release package that was downloaded intact but must not be installed: unsafe paths, symlinks,
 * a zip bomb, a missing or wrong manifest. Not transient: the same package fails the same way again.
 */
public class InvalidPackageException extends ReconcileException {
    public InvalidPackageException(String message) {
        super(message, false);
    }

    public InvalidPackageException(String message, Throwable cause) {
        super(message, false, cause);
    }
}
