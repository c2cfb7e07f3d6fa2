package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.RunState;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.runtime.FakeRuntime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static dev.shipshape.reconcilers.containers.FakeServer.PROJECT;
import static dev.shipshape.reconcilers.containers.FakeServer.REG;
import static dev.shipshape.reconcilers.containers.FakeServer.V1;
import static dev.shipshape.reconcilers.containers.FakeServer.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every create, recreate, start, stop and remove path of the service reconcilers, and the crash
 * points of a replacement, against the in-memory runtime: the order of the runtime calls, and what
 * the next pass finds and finishes.
 */
class ServiceReconcilersTest {
    @TempDir
    Path tmp;
    FakeServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeServer(tmp);
    }

    private static String name(String service) {
        return PROJECT + "-" + service + "-1";
    }

    private void installV1() {
        server.converge(server.desired(V1));
        server.runtime.clearCalls();
    }

    /** Every service has one container, under its own name, running the target version's image. */
    private void assertServes(DesiredState desired) {
        assertThat(server.runtime.names()).containsExactlyInAnyOrder(name("db"), name("api"), name("web"));
        for (String service : List.of("db", "api", "web")) {
            assertThat(server.runtime.status(name(service))).contains("running");
            assertThat(server.runtime.inspect(name(service)).orElseThrow().labels())
                    .containsEntry("dev.shipshape.config-hash", desired.rendered().configHash(
                            desired.rendered().compose().services().get(service)));
        }
        assertThat(server.plan(desired).actions()).isEmpty();
    }

    @Test
    void anInstallCreatesAndStartsEachServiceAfterWhatItDependsOn() {
        server.pass(server.desired(V1));

        assertThat(server.runtime.calls()).containsExactly(
                "create " + name("db"), "start " + name("db"),
                "create " + name("api"), "start " + name("api"),
                "create " + name("web"), "start " + name("web"));
        assertThat(server.runtime.volumeNames()).containsExactly(PROJECT + "_db-data");
        assertServes(server.desired(V1));
    }

    @Test
    void anUpgradeReplacesOnlyTheChangedServicesCreatingEachReplacementBeforeTheOldOneStops() {
        installV1();
        String oldApi = server.runtime.inspect(name("api")).orElseThrow().id();
        server.pass(server.desired(V2));

        List<String> calls = server.runtime.calls();
        String replacement = RecreateServiceReconciler.replacementName(name("api"), oldApi);
        assertThat(calls.subList(0, 5)).containsExactly("create " + replacement, "stop " + name("api"),
                "start " + replacement, "remove " + name("api"), "rename " + replacement + "->" + name("api"));
        assertThat(calls).noneMatch(c -> c.contains(name("db")));
        assertThat(calls).filteredOn(c -> c.startsWith("create ")).hasSize(2);
        assertServes(server.desired(V2));
    }

    @ParameterizedTest
    @ValueSource(strings = {Failpoints.AFTER_STOP_OLD, Failpoints.DURING_HEALTH_WAIT})
    void aControllerKilledDuringAReplacementIsFinishedByTheNextPass(String point) {
        installV1();
        DesiredState v2 = server.desired(V2);
        assertThatThrownBy(() -> server.pass(v2, FakeServer.crashAt(point))).isInstanceOf(FakeServer.Killed.class);
        // the old api keeps the service's name whatever the point; its replacement is left behind
        assertThat(server.runtime.names()).contains(name("api")).anyMatch(n -> n.contains(RecreateServiceReconciler.REPLACEMENT_MARK));

        server.converge(v2);

        assertServes(v2);
        assertThat(server.runtime.names()).noneMatch(n -> n.contains(RecreateServiceReconciler.REPLACEMENT_MARK));
    }

    @Test
    void aReplacementThatExitsLeavesTheOldContainerStoppedUnderTheNameForTheRollbackToStart() {
        installV1();
        server.runtime.behave(REG + "api:1.1.0", FakeRuntime.Behaviour.EXITS);
        String oldApi = server.runtime.inspect(name("api")).orElseThrow().id();

        assertThatThrownBy(() -> server.pass(server.desired(V2)))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("api exited with code 1 while starting")
                .matches(e -> !((ReconcileException) e).isTransient(), "not transient: the release is at fault");
        assertThat(server.runtime.inspect(name("api")).orElseThrow().id()).isEqualTo(oldApi);
        assertThat(server.runtime.status(name("api"))).contains("exited");
        assertThat(server.runtime.calls()).noneMatch(c -> c.contains(name("web")));

        // the rollback: the previous version's desired state again
        server.runtime.clearCalls();
        server.converge(server.desired(V1));

        assertServes(server.desired(V1));
        assertThat(server.runtime.inspect(name("api")).orElseThrow().id()).isEqualTo(oldApi);
        assertThat(server.runtime.calls()).contains("start " + name("api"))
                .anyMatch(c -> c.startsWith("remove ") && c.contains(RecreateServiceReconciler.REPLACEMENT_MARK));
    }

    @Test
    void aServiceStoppedByHandIsStartedAgainAndAStoppedServerIsStoppedWithItsContainersKept() {
        installV1();
        server.runtime.stopByHand(name("web"));

        Plan heal = server.pass(server.desired(V1));
        assertThat(heal.actions()).extracting(a -> a.kind()).containsExactly("start");
        assertServes(server.desired(V1));

        server.runtime.clearCalls();
        server.converge(server.desired(V1, RunState.STOPPED));
        assertThat(server.runtime.calls()).containsExactlyInAnyOrder(
                "stop " + name("db"), "stop " + name("api"), "stop " + name("web"));
        assertThat(server.runtime.names()).hasSize(3);
        assertThat(server.runtime.volumeNames()).containsExactly(PROJECT + "_db-data");
    }

    @Test
    void aContainerRemovedByHandIsCreatedAgainAndItsVolumeIsReused() {
        installV1();
        server.runtime.remove(server.runtime.inspect(name("db")).orElseThrow().id());
        server.runtime.clearCalls();

        server.pass(server.desired(V1));

        assertThat(server.runtime.calls()).startsWith("create " + name("db"), "start " + name("db"));
        assertThat(server.runtime.volumeNames()).containsExactly(PROJECT + "_db-data");
        assertServes(server.desired(V1));
    }

    @Test
    void aRetriedCreateTakesOverItsFirstAttemptsContainerButNeverAStrangers() {
        var desired = server.desired(V1);
        var web = desired.rendered().compose().services().get("web");
        var factory = new ContainerFactory(server.runtime);
        String first = factory.create(server.context, web, "hash-1", V1);

        assertThat(factory.create(server.context, web, "hash-1", V1)).isEqualTo(first);
        assertThatThrownBy(() -> factory.create(server.context, web, "hash-2", V1))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("a container named " + name("web") + " already exists and is not the one shipshape expected");
    }

    @Test
    void aMissingImageIsATransientFailureThatCreatesNothing() {
        var desired = server.desired(V1);
        var spec = desired.rendered().compose().services().get("db");
        var missing = new dev.shipshape.model.compose.ServiceSpec(spec.name(), REG + "db:9.9.9", spec.entrypoint(),
                spec.command(), spec.environment(), spec.volumes(), spec.healthcheck(), spec.dependsOn(), spec.restart(),
                spec.labels(), spec.networkMode(), spec.user(), spec.workingDir(), spec.stopGracePeriod());

        assertThatThrownBy(() -> new ContainerFactory(server.runtime).create(server.context, missing, "h", V1))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("is not on this host; it should have been pulled first")
                .matches(e -> ((ReconcileException) e).isTransient(), "transient");
        assertThat(server.runtime.names()).isEmpty();
    }

    @Test
    void removingTheContainerOfAServiceTheReleaseDroppedKeepsItsVolumesAndRemembersThem() {
        installV1();
        String db = server.runtime.inspect(name("db")).orElseThrow().id();
        var remove = new RemoveContainerReconciler(server.runtime);

        remove.reconcile(new dev.shipshape.model.plan.RemoveContainer(db, name("db"), "not in the release", true), server.context).orThrow();
        remove.reconcile(new dev.shipshape.model.plan.RemoveContainer(db, name("db"), "not in the release", true), server.context).orThrow();

        assertThat(server.runtime.names()).doesNotContain(name("db"));
        assertThat(server.runtime.calls()).containsExactly("remove " + name("db"));
        assertThat(server.runtime.volumeNames()).containsExactly(PROJECT + "_db-data");
        assertThat(server.context.records().keptVolumes().read()).containsExactly(PROJECT + "_db-data");
    }
}
