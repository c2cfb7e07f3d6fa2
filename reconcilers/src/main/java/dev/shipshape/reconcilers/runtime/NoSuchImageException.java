package dev.shipshape.reconcilers.runtime;

/** The image a container is to be created from is not on this host. */
public final class NoSuchImageException extends RuntimeException {
    public NoSuchImageException(String image, Throwable cause) {
        super("image " + image + " is not on this host", cause);
    }
}
