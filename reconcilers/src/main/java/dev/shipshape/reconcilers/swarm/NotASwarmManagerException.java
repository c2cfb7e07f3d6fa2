package dev.shipshape.reconcilers.swarm;

import dev.shipshape.model.ShipshapeException;

/** runtime: swarm, but the engine DOCKER_HOST names is no manager of a swarm. */
public final class NotASwarmManagerException extends ShipshapeException {
    public NotASwarmManagerException(String dockerHost, String state) {
        super("spec.runtime is swarm, but the Docker engine at " + dockerHost + " is not a swarm manager (its swarm state: "
                + state + "). Make it one with `docker swarm init --advertise-addr <this host's address>`, or point"
                + " DOCKER_HOST at a manager of your swarm (`docker node ls` there lists the managers); to run on this one"
                + " engine instead, write spec.runtime: host");
    }
}
