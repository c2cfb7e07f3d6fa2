package dev.shipshape.controller;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.docker.DockerClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.SocketException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DockerEngineUnreachableExceptionTest {
    @Test
    void aMissingEngineSocketIsTheEngineBeingUnreachable(@TempDir Path dir) throws Exception {
        try (DockerClient docker = DockerClients.forHost("unix://" + dir.resolve("no-engine.sock"))) {
            Throwable failure = catchThrowable(() -> docker.pingCmd().exec());
            assertThat(failure).isNotNull();
            assertThat(DockerEngineUnreachableException.of(failure)).hasValueSatisfying(e ->
                    assertThat(e.getMessage()).contains("cannot reach the Docker engine").contains("start Docker"));
        }
    }

    @Test
    void aConnectionResetByTheReleaseSourceIsNotTheEngine() {
        Throwable download = new ReconcileException("could not download release 1.1.0: the release server broke off"
                + " the transfer", true, new SocketException("Connection reset"));
        assertThat(DockerEngineUnreachableException.of(download)).isEmpty();
    }
}
