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
        // the engine's address is read when a message names it, not while the injector is built (no I/O in a module),
        // and as docker-java itself resolves it (doctor's rule)
        return new DockerSwarmApi(docker, dev.shipshape.controller.doctor.Doctor::defaultDockerHost);
    }

    @Provides
    @Singleton
    SwarmPasses swarmPasses(SwarmApi swarm, SwarmTaskCounts counts) {
        // a Swarm service's rollout is followed by polling its update status and tasks: a quarter second is well
        // below a health check's interval
        return new SwarmPasses(swarm, new SwarmDeployer(swarm, Clock.systemUTC(), Duration.ofMillis(250)), counts);
    }
}
