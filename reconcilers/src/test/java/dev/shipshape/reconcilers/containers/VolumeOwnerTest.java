package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.runtime.FakeRuntime;
import dev.shipshape.reconcilers.runtime.Labels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.shipshape.reconcilers.containers.FakeServer.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A volume is named {@code <project>_<volume>} and both parts may hold '_': an existing volume is
 * mounted only when its project label says it is this project's.
 */
class VolumeOwnerTest {
    @TempDir
    Path tmp;

    /** Project {@code shop}'s db with the named volume {@code db_data}: {@code shop_db_data}, as project {@code shop_db}'s {@code data}. */
    private static ServiceSpec db() {
        return new ServiceSpec("db", "127.0.0.1:5000/shop/db:1.0.0", null, null, Map.of(),
                List.of(new VolumeMount(VolumeMount.Kind.NAMED, "db_data", "/data", false)),
                null, null, "always", null, "host", null, null, null);
    }

    private ProjectContext shop() throws Exception {
        return JobReconcilerIT.context(tmp, "shop", "5s", Cancellation.none());
    }

    private static FakeRuntime runtimeWithDbImage() {
        FakeRuntime runtime = new FakeRuntime();
        runtime.image(db().image());
        return runtime;
    }

    @Test
    void aVolumeOfAnotherProjectWithTheSameNameIsRefusedAndNoContainerIsCreated() throws Exception {
        FakeRuntime runtime = runtimeWithDbImage();
        // project shop_db's volume data, as docker compose or shipshape labels it
        runtime.createVolume("shop_db_data", Map.of(Labels.PROJECT, "shop_db", Labels.VOLUME, "data"));

        assertThatThrownBy(() -> new ContainerFactory(runtime).create(shop(), db(), "h", V1))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("volume shop_db_data (volume db_data of service db in project shop)")
                .hasMessageContaining("belongs to project shop_db")
                .hasMessageContaining("does not mount it")
                .hasMessageContaining("rename project shop or the volume in the release");
        assertThat(runtime.names()).isEmpty();
        assertThat(runtime.volumeLabels("shop_db_data")).contains(Map.of(Labels.PROJECT, "shop_db", Labels.VOLUME, "data"));
    }

    @Test
    void anUnlabelledVolumeMadeByHandIsRefusedWithTheFix() throws Exception {
        FakeRuntime runtime = runtimeWithDbImage();
        runtime.createVolume("shop_db_data", Map.of());

        assertThatThrownBy(() -> new ContainerFactory(runtime).create(shop(), db(), "h", V1))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("volume shop_db_data")
                .hasMessageContaining("has no " + Labels.PROJECT + " label")
                .hasMessageContaining("--label " + Labels.PROJECT + "=shop --label " + Labels.VOLUME + "=db_data");
        assertThat(runtime.names()).isEmpty();
    }

    @Test
    void aVolumeTheRunbookMadeForThisProjectIsMounted() throws Exception {
        FakeRuntime runtime = runtimeWithDbImage();
        // docker compose 1.29 labels its volumes with the project and the volume
        runtime.createVolume("shop_db_data", Map.of(Labels.PROJECT, "shop", Labels.VOLUME, "db_data"));

        new ContainerFactory(runtime).create(shop(), db(), "h", V1);

        assertThat(runtime.names()).containsExactly("shop-db-1");
    }

    @Test
    void aMissingVolumeIsCreatedWithThisProjectsLabels() throws Exception {
        FakeRuntime runtime = runtimeWithDbImage();

        new ContainerFactory(runtime).create(shop(), db(), "h", V1);

        assertThat(runtime.volumeLabels("shop_db_data").orElseThrow())
                .containsEntry(Labels.PROJECT, "shop").containsEntry(Labels.VOLUME, "db_data");
    }

    @Test
    void anInstallOverAnotherProjectsVolumeFailsBeforeItsDbRuns() {
        FakeServer server;
        try {
            server = new FakeServer(tmp);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        server.runtime.createVolume(FakeServer.PROJECT + "_db-data", Map.of(Labels.PROJECT, "someone-else"));

        assertThatThrownBy(() -> server.converge(server.desired(V1)))
                .hasMessageContaining("belongs to project someone-else");
        assertThat(server.runtime.names()).isEmpty();
    }
}
