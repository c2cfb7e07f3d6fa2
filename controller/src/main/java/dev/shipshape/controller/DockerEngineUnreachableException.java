package dev.shipshape.controller;

import dev.shipshape.model.ShipshapeException;

import java.net.SocketException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * The Docker engine does not answer at all: its socket is gone (dockerd stopped or restarting) or
 * refuses connections. Said in words an operator can act on, and free of anything but the engine's
 * address and the operating system's reason, so it may be shown in status and metrics.
 */
public final class DockerEngineUnreachableException extends ShipshapeException {
    public DockerEngineUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The engine-unreachable failure {@code error} is, when its causes end in a refused or missing
     * connection to the engine; empty for anything else (a refusal by a running engine included).
     */
    public static Optional<DockerEngineUnreachableException> of(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        boolean unreachable = root instanceof SocketException // ConnectException included
                || root instanceof NoSuchFileException && String.valueOf(root.getMessage()).contains("sock");
        // a reset from the release source or a registry relay is a SocketException too: only a failure
        // raised on the way to the engine (through docker-java) says the engine is gone
        if (!unreachable || !raisedByDockerClient(error)) {
            return Optional.empty();
        }
        String host = System.getenv("DOCKER_HOST");
        return Optional.of(new DockerEngineUnreachableException("cannot reach the Docker engine at "
                + (host == null ? "unix:///var/run/docker.sock" : host) + " (" + root.getClass().getSimpleName() + ": "
                + root.getMessage() + "); start Docker or set DOCKER_HOST. Nothing was changed while it was"
                + " unreachable; shipshape continues where it stopped once the engine answers", error));
    }

    private static boolean raisedByDockerClient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("com.github.dockerjava.")) {
                    return true;
                }
            }
        }
        return false;
    }
}
