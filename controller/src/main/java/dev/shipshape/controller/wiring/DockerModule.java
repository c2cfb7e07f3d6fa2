package dev.shipshape.controller.wiring;

import com.github.dockerjava.api.DockerClient;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.shipshape.reconcilers.docker.ContainerComparison;
import dev.shipshape.reconcilers.docker.DockerClients;
import dev.shipshape.reconcilers.docker.DockerRuntime;
import dev.shipshape.reconcilers.runtime.AdoptionCheck;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;

/**
 * The single-host runtime: the Docker engine client, and the container runtime and adoption check
 * the reconcilers reach it through. Building them opens no connection; the first call does. Another
 * runtime is another module in place of this one.
 */
public final class DockerModule extends AbstractModule {
    @Provides
    @Singleton
    DockerClient dockerClient() {
        return DockerClients.fromEnvironment();
    }

    @Provides
    @Singleton
    ContainerRuntime containerRuntime(DockerClient docker) {
        return new DockerRuntime(docker);
    }

    @Provides
    @Singleton
    AdoptionCheck adoptionCheck(DockerClient docker) {
        return new ContainerComparison(docker);
    }
}
