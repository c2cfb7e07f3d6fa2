package dev.shipshape.controller.doctor;

/**
 * A TCP port a service of the release uses on 127.0.0.1.
 *
 * @param service the service that uses (for a project-wide list: binds) the port
 * @param envKey  the environment key that carries it (e.g. {@code WEB_PORT}), or null when only a health check names it
 * @param binds   whether this service listens on the port (its health check probes it, or the key is
 *                {@code <SERVICE>_PORT}) rather than only connecting to it
 */
public record PortUse(int port, String service, String envKey, boolean binds) {
}
