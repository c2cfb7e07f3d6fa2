package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.Reason;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.ReplaceWindow;
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
 * rollout.strategy: window (issue 17) against the in-memory runtime, with the real planner: every
 * replacement created before anything stops, the changed services down once and started in dependency
 * order, the whole window rolled back when one fails, and a kill mid-window finished by the next pass.
 */
class ReplaceWindowTest {
    @TempDir
    Path tmp;
    FakeServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeServer(tmp);
        server.strategy = RolloutStrategy.WINDOW;
        server.converge(server.desired(V1));
        server.runtime.clearCalls();
    }

    private static String name(String service) {
        return PROJECT + "-" + service + "-1";
    }

    private String id(String service) {
        return server.runtime.inspect(name(service)).orElseThrow().id();
    }

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
    void everyReplacementIsCreatedBeforeAnythingStopsAndTheNewOnesStartInDependencyOrder() {
        String api = RecreateServiceReconciler.replacementName(name("api"), id("api"));
        String web = RecreateServiceReconciler.replacementName(name("web"), id("web"));

        Plan plan = server.pass(server.desired(V2));

        assertThat(plan.actions()).filteredOn(a -> a instanceof ReplaceWindow).hasSize(1);
        List<String> calls = server.runtime.calls();
        assertThat(calls.subList(0, 2)).containsExactlyInAnyOrder("create " + api, "create " + web);
        // the process's first calls of the window's kinds, against a replacement not started yet, before anything stops
        assertThat(calls.get(2)).isIn("warm-up " + api, "warm-up " + web);
        calls = calls.subList(1, calls.size()); // the indices below as before the warm-up
        assertThat(calls.subList(2, 6)).containsExactlyInAnyOrder("stop " + name("api"), "stop " + name("web"),
                "start " + api, "start " + web);
        // each replacement starts after its old container stopped; web depends on api (service_started): api's first
        assertThat(calls.indexOf("stop " + name("api"))).isLessThan(calls.indexOf("start " + api));
        assertThat(calls.indexOf("stop " + name("web"))).isLessThan(calls.indexOf("start " + web));
        assertThat(calls.indexOf("start " + api)).isLessThan(calls.indexOf("start " + web));
        assertThat(calls.subList(6, 8)).containsExactlyInAnyOrder("remove " + name("api"), "remove " + name("web"));
        assertThat(calls.subList(8, 10)).containsExactly("rename " + api + "->" + name("api"), "rename " + web + "->" + name("web"));
        assertThat(calls).noneMatch(c -> c.contains(name("db")));
        assertServes(server.desired(V2));
        assertThat(server.runtime.execs()).as("the fast gate ran api's health command").isPositive();
    }

    @Test
    void theNewContainersStartLayerByLayerAsDependsOnSays() {
        // all three replaced: db, then api (after db is healthy), then web (after api has started)
        DesiredState v2 = server.desired(V2);
        List<RecreateService> members = new java.util.ArrayList<>();
        for (var spec : v2.rendered().compose().startOrder()) {
            members.add(new RecreateService(spec, "hash-2-" + spec.name(), V2, id(spec.name()), List.of("test"),
                    Reason.CONFIG_CHANGED));
        }
        ReplaceWindow window = new ReplaceWindow(members, List.of(), V2);
        assertThat(window.layers()).containsExactly(List.of("db"), List.of("api"), List.of("web"));

        var outcome = new ReplaceWindowReconciler(server.runtime, new ContainerFactory(server.runtime),
                new HealthGate(server.runtime, java.time.Duration.ZERO, Failpoints.ENVIRONMENT)).reconcile(window, server.context);

        assertThat(outcome.isDone()).isTrue();
        List<String> starts = server.runtime.calls().stream().filter(c -> c.startsWith("start ")).toList();
        assertThat(starts).hasSize(3);
        assertThat(starts.get(0)).startsWith("start " + name("db") + RecreateServiceReconciler.REPLACEMENT_MARK);
        assertThat(starts.get(1)).startsWith("start " + name("api") + RecreateServiceReconciler.REPLACEMENT_MARK);
        assertThat(starts.get(2)).startsWith("start " + name("web") + RecreateServiceReconciler.REPLACEMENT_MARK);
        // each new container starts only after its old one stopped
        List<String> calls = server.runtime.calls();
        for (int i = 0; i < 3; i++) {
            String service = List.of("db", "api", "web").get(i);
            assertThat(calls.indexOf("stop " + name(service))).isLessThan(calls.indexOf(starts.get(i)));
        }
        for (String s : List.of("db", "api", "web")) {
            assertThat(server.runtime.inspect(name(s)).orElseThrow().labels()).containsEntry("dev.shipshape.config-hash", "hash-2-" + s);
        }
        // an old dependent serves on until what its replacement waits for is ready: the old api stops only after the
        // new db started (and was found healthy), the old web only after the new api started
        assertThat(calls.indexOf("stop " + name("api"))).isGreaterThan(calls.indexOf(starts.get(0)));
        assertThat(calls.indexOf("stop " + name("web"))).isGreaterThan(calls.indexOf(starts.get(1)));
    }

    @Test
    void theGatesOfALayerBeginOnceEveryStartOfTheLayerHasReturned() throws Exception {
        // db and api in one layer (api's depends_on left out): api's start is held until db's new container has
        // started, and then for a while; no health exec of db's may run meanwhile (issue 17: the gate's first execs
        // queued in the engine beside the layer's later starts)
        DesiredState v2 = server.desired(V2);
        List<RecreateService> members = new java.util.ArrayList<>();
        for (String s : List.of("db", "api")) {
            var spec = v2.rendered().compose().services().get(s);
            spec = new dev.shipshape.model.compose.ServiceSpec(spec.name(), spec.image(), spec.entrypoint(), spec.command(),
                    spec.environment(), spec.volumes(), spec.healthcheck(), List.of(), spec.restart(), spec.labels(),
                    spec.networkMode(), spec.user(), spec.workingDir(), spec.stopGracePeriod());
            members.add(new RecreateService(spec, "hash-2-" + s, V2, id(s), List.of("test"), Reason.CONFIG_CHANGED));
        }
        ReplaceWindow window = new ReplaceWindow(members, List.of(), V2);
        assertThat(window.layers()).containsExactly(List.of("db", "api"));
        String dbNew = RecreateServiceReconciler.replacementName(name("db"), id("db"));
        String apiNew = RecreateServiceReconciler.replacementName(name("api"), id("api"));
        java.util.concurrent.CountDownLatch dbStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch dbExec = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean execBeforeApiStart = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server.runtime.afterExec(n -> {
            order.add("exec " + n);
            if (n.equals(dbNew)) {
                dbExec.countDown();
            }
        });
        server.runtime.beforeStart(n -> {
            try {
                if (n.equals(dbNew)) {
                    order.add("start " + n);
                    dbStarted.countDown();
                } else if (n.equals(apiNew)) {
                    assertThat(dbStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    // db's new container runs now (or is about to): a gate begun already would exec it within this
                    execBeforeApiStart.set(dbExec.await(500, java.util.concurrent.TimeUnit.MILLISECONDS));
                    order.add("start " + n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        var outcome = new ReplaceWindowReconciler(server.runtime, new ContainerFactory(server.runtime),
                new HealthGate(server.runtime, java.time.Duration.ZERO, Failpoints.ENVIRONMENT)).reconcile(window, server.context);

        assertThat(outcome.isDone()).isTrue();
        assertThat(execBeforeApiStart).as("a health exec ran while a start of its layer was still to come").isFalse();
        assertThat(order.subList(0, 2)).containsExactly("start " + dbNew, "start " + apiNew);
        assertThat(order).contains("exec " + dbNew, "exec " + apiNew);
    }

    @Test
    void aServiceThatFailsInTheWindowRollsTheWholeWindowBackToTheOldContainers() {
        server.runtime.behave(REG + "api:1.1.0", FakeRuntime.Behaviour.EXITS);
        String oldApi = id("api");
        String oldWeb = id("web");

        assertThatThrownBy(() -> server.pass(server.desired(V2)))
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("api exited with code 1 while starting")
                .matches(e -> !((ReconcileException) e).isTransient(), "a verdict: the release is at fault")
                .matches(e -> "api".equals(((ReconcileException) e).service()), "names the service it failed at");

        // the old containers run again under their names; no replacement is left
        assertThat(id("api")).isEqualTo(oldApi);
        assertThat(id("web")).isEqualTo(oldWeb);
        assertServes(server.desired(V1));
        assertThat(server.runtime.names()).noneMatch(n -> n.contains(RecreateServiceReconciler.REPLACEMENT_MARK));
        List<String> calls = server.runtime.calls();
        // rolled back the same way, layer by layer: the old api before the old web, after the replacements went;
        // the old web stops only once the new api has started, so when api failed first it was never stopped
        assertThat(calls.lastIndexOf("remove " + RecreateServiceReconciler.replacementName(name("api"), oldApi)))
                .isLessThan(calls.indexOf("start " + name("api")));
        if (calls.contains("stop " + name("web"))) {
            assertThat(calls.indexOf("start " + name("api"))).isLessThan(calls.indexOf("start " + name("web")));
        } else {
            assertThat(calls).noneMatch(c -> c.startsWith("start " + name("web") + RecreateServiceReconciler.REPLACEMENT_MARK));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Failpoints.AFTER_STOP_OLD, Failpoints.DURING_HEALTH_WAIT})
    void aControllerKilledMidWindowLeavesAStateTheNextPassFinishes(String point) {
        DesiredState v2 = server.desired(V2);
        assertThatThrownBy(() -> server.pass(v2, FakeServer.crashAt(point))).isInstanceOf(FakeServer.Killed.class);
        // the old containers keep the services' names whatever the point; the replacements are left behind
        assertThat(server.runtime.names()).contains(name("api"), name("web"))
                .anyMatch(n -> n.contains(RecreateServiceReconciler.REPLACEMENT_MARK));

        server.converge(v2);

        assertServes(v2);
        assertThat(server.runtime.names()).noneMatch(n -> n.contains(RecreateServiceReconciler.REPLACEMENT_MARK));
    }

    @Test
    void aKilledWindowRolledBackByThePreviousVersionEndsWithTheOldContainersRunning() {
        String oldApi = id("api");
        assertThatThrownBy(() -> server.pass(server.desired(V2), FakeServer.crashAt(Failpoints.AFTER_STOP_OLD)))
                .isInstanceOf(FakeServer.Killed.class);

        server.converge(server.desired(V1)); // what a rollback to the installed version does

        assertServes(server.desired(V1));
        assertThat(id("api")).isEqualTo(oldApi);
    }
}
