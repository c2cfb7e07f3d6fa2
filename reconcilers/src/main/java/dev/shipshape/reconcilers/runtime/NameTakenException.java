package dev.shipshape.reconcilers.runtime;

/** A container of the name asked for exists already. */
public final class NameTakenException extends RuntimeException {
    public NameTakenException(String name, Throwable cause) {
        super("a container named " + name + " already exists", cause);
    }
}
