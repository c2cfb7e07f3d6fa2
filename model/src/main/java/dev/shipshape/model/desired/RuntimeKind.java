package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What runs the release's services: one Docker engine's containers ({@code host}, the default) or the
 * services of a Docker Swarm whose manager is the engine DOCKER_HOST names ({@code swarm}, docs/swarm.md).
 */
public enum RuntimeKind {
    @JsonProperty("host") HOST,
    @JsonProperty("swarm") SWARM;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
