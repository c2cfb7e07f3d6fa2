package dev.shipshape.controller.wiring;

import com.github.dockerjava.api.DockerClient;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

import dev.shipshape.controller.swarm.SwarmPasses;
import dev.shipshape.controller.swarm.SwarmTaskCounts;
import dev.shipshape.reconcilers.docker.DockerSwarmApi;
import dev.shipshape.reconcilers.swarm.SwarmApi;
import dev.shipshape.reconcilers.swarm.SwarmDeployer;

import java.time.Clock;
import java.time.Duration;

/**
 * The swarm runtime ({@code spec.runtime: swarm}): the Swarm services of the manager the Docker client of
 * {@link DockerModule} talks to. Building it opens no connection; a project with {@code runtime: host} never calls it.
 */
public final class SwarmModule extends AbstractModule {
    @Provides
    @Singleton
    SwarmApi swarmApi(DockerClient docker) {
        // for messages only: the engine DockerClients.fromEnvironment() chose (a system property wins, as in docker-java)
        String host = System.getProperty("DOCKER_HOST", System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock"));
        return new DockerSwarmApi(docker, host);
    }

    @Provides
    @Singleton
    SwarmPasses swarmPasses(SwarmApi swarm, SwarmTaskCounts counts) {
        // a Swarm service's rollout is followed by polling its update status and tasks: a quarter second is well
        // below a health check's interval
        return new SwarmPasses(swarm, new SwarmDeployer(swarm, Clock.systemUTC(), Duration.ofMillis(250)), counts);
    }
}
