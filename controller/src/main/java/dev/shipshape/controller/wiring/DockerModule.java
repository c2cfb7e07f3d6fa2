package dev.shipshape.controller.wiring;

import com.github.dockerjava.api.DockerClient;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.shipshape.reconcilers.docker.DockerClients;

/** The Docker engine client. Building it opens no connection; the first call does. */
public final class DockerModule extends AbstractModule {
    @Provides
    @Singleton
    DockerClient dockerClient() {
        return DockerClients.fromEnvironment();
    }
}
