package dev.shipshape.controller.resilience;

/**
 * An outside system shipshape calls and cannot fix. Each has its own circuit breaker and retry, so
 * a dead registry does not stop a container from being restarted by the Docker engine.
 */
public enum Dependency {
    DOCKER_ENGINE("docker-engine", "the Docker engine", "check that dockerd runs and DOCKER_HOST points at it"),
    REGISTRY("registry", "the image registry", "check that the registry is up and reachable from this host"),
    RELEASE_SOURCE("release-source", "the release source", "check that spec.source.url answers from this host");

    private final String id;
    private final String description;
    private final String advice;

    Dependency(String id, String description, String advice) {
        this.id = id;
        this.description = description;
        this.advice = advice;
    }

    /** The name of its circuit breaker and retry: the {@code name} tag of their metrics. */
    public String id() {
        return id;
    }

    /** For people: "the image registry". */
    public String description() {
        return description;
    }

    /** What a user can check when it keeps failing. */
    public String advice() {
        return advice;
    }
}
