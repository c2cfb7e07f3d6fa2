package dev.shipshape.reconcilers.download;

import dev.shipshape.reconcilers.ReconcileException;

/** The bytes received are not the bytes published: trying again with the same inputs cannot help. */
public class ChecksumMismatchException extends ReconcileException {
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String message, String expected, String actual) {
        super(message, false);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
