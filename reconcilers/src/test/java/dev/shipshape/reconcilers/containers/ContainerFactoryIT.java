package dev.shipshape.reconcilers.containers;

import dev.shipshape.reconcilers.docker.DockerRuntime;
import dev.shipshape.reconcilers.runtime.Labels;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A create retried after a later step of its first attempt failed (its health wait saw the container
 * stopped by Docker, say) takes over the container that attempt made; a container of the same name
 * that shipshape did not make that way is refused, never taken over.
 */
class ContainerFactoryIT {
    static final Version V1 = Version.parse("1.0.0");

    static DockerClient docker;

    @TempDir
    Path tmp;
    String project;
    ContainerFactory factory;

    @BeforeAll
    static void pullImage() throws InterruptedException {
        docker = JobReconcilerIT.clientWithTheDbImage();
    }

    @BeforeEach
    void setUp() {
        project = "cfit" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        factory = new ContainerFactory(new DockerRuntime(docker));
    }

    @AfterEach
    void cleanUp() {
        for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, project)).exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    @Test
    void aRetriedCreateTakesOverTheContainerOfItsFirstAttempt() throws Exception {
        ProjectContext context = context();
        String first = factory.create(context, web(), "hash-1", V1);
        assertThat(factory.create(context, web(), "hash-1", V1)).isEqualTo(first);
    }

    @Test
    void aContainerOfTheSameNameWithAnotherConfigurationIsRefused() throws Exception {
        ProjectContext context = context();
        factory.create(context, web(), "hash-1", V1);
        assertThatThrownBy(() -> factory.create(context, web(), "hash-2", V1))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("a container named " + project + "-web-1 already exists and is not the one shipshape expected");
    }

    ProjectContext context() throws Exception {
        return JobReconcilerIT.context(tmp, project, "30s", Cancellation.none());
    }

    static ServiceSpec web() {
        return new ServiceSpec("web", JobReconcilerIT.IMAGE, null, List.of("/bin/sh", "-c", "sleep 60"), Map.of(), List.of(),
                null, null, "no", null, "host", null, null, null);
    }
}
