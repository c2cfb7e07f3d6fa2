package dev.shipshape.reconcilers.runtime;

/** The container an operation names does not exist (any more). */
public final class NoSuchContainerException extends RuntimeException {
    public NoSuchContainerException(String container, Throwable cause) {
        super("no container " + container, cause);
    }
}
