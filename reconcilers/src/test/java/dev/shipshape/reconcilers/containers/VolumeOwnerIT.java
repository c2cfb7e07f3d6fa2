package dev.shipshape.reconcilers.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.docker.DockerRuntime;
import dev.shipshape.reconcilers.runtime.Labels;
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

import static dev.shipshape.reconcilers.containers.ContainerFactoryIT.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against the engine: project {@code <p>} with the volume {@code db_data} and project {@code <p>_db}
 * with the volume {@code data} share the name {@code <p>_db_data}; the volume's project label decides.
 */
class VolumeOwnerIT {
    static DockerClient docker;

    @TempDir
    Path tmp;
    String project;
    String volume;
    ContainerFactory factory;

    @BeforeAll
    static void pullImage() throws InterruptedException {
        docker = JobReconcilerIT.clientWithTheDbImage();
    }

    @BeforeEach
    void setUp() {
        project = "voit" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        volume = project + "_db_data";
        factory = new ContainerFactory(new DockerRuntime(docker));
    }

    @AfterEach
    void cleanUp() {
        for (String p : List.of(project, project + "_db")) {
            for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, p)).exec()) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
        try {
            docker.removeVolumeCmd(volume).exec(); // only the one volume this test made (or had made)
        } catch (NotFoundException gone) {
            // the test did not get as far as making it
        }
    }

    private static ServiceSpec db() {
        return new ServiceSpec("db", JobReconcilerIT.IMAGE, null, null, Map.of(),
                List.of(new VolumeMount(VolumeMount.Kind.NAMED, "db_data", "/data", false)),
                null, null, "always", null, "host", null, null, null);
    }

    private ProjectContext context() throws Exception {
        return JobReconcilerIT.context(tmp, project, "5s", Cancellation.none());
    }

    @Test
    void theVolumeOfTheProjectNamedLikeThisOneWithAnUnderscoreIsNotMounted() throws Exception {
        docker.createVolumeCmd().withName(volume)
                .withLabels(Map.of(Labels.PROJECT, project + "_db", Labels.VOLUME, "data")).exec();

        assertThatThrownBy(() -> factory.create(context(), db(), "hash-1", V1))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("volume " + volume + " (volume db_data of service db in project " + project + ")")
                .hasMessageContaining("belongs to project " + project + "_db");
        assertThat(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.PROJECT, project)).exec()).isEmpty();
        assertThat(docker.inspectVolumeCmd(volume).exec().getLabels()).containsEntry(Labels.PROJECT, project + "_db");
    }

    @Test
    void anUnlabelledVolumeIsRefusedAndALabelledOneIsMounted() throws Exception {
        docker.createVolumeCmd().withName(volume).exec();
        assertThatThrownBy(() -> factory.create(context(), db(), "hash-1", V1))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("has no " + Labels.PROJECT + " label");

        docker.removeVolumeCmd(volume).exec();
        docker.createVolumeCmd().withName(volume)
                .withLabels(Map.of(Labels.PROJECT, project, Labels.VOLUME, "db_data")).exec();
        String id = factory.create(context(), db(), "hash-1", V1);
        assertThat(docker.inspectContainerCmd(id).exec().getMounts())
                .anySatisfy(m -> assertThat(m.getName()).isEqualTo(volume));
    }

    @Test
    void aMissingVolumeIsMadeWithThisProjectsLabels() throws Exception {
        factory.create(context(), db(), "hash-1", V1);
        assertThat(docker.inspectVolumeCmd(volume).exec().getLabels())
                .containsEntry(Labels.PROJECT, project).containsEntry(Labels.VOLUME, "db_data");
    }
}
