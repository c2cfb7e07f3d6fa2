package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.desired.RunState;
import dev.shipshape.model.desired.ServerSpec;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.Planner;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.runtime.FakeRuntime;
import dev.shipshape.reconcilers.runtime.RuntimeObservation;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.shipshape.reconcilers.snapshots.RestoreSnapshotReconciler;
import dev.shipshape.reconcilers.snapshots.SnapshotStore;
import dev.shipshape.reconcilers.snapshots.Snapshots;
import dev.shipshape.reconcilers.snapshots.TakeSnapshotReconciler;
import java.util.Set;

/**
 * A three-service server (db with a volume and a health check; api, healthy after db; web, binding a
 * file of the export, without a health check) on an in-memory runtime, and the passes of a
 * reconciliation over it: observe the fake, plan with the real planner, act with the real
 * reconcilers in plan order. What a pass would do against an engine, in milliseconds.
 */
final class FakeServer {
    static final String PROJECT = "fake";
    static final String REG = "127.0.0.1:5000/fake/";
    static final Version V1 = Version.parse("1.0.0");
    static final Version V2 = Version.parse("1.1.0");

    final FakeRuntime runtime = new FakeRuntime();
    final ProjectContext context;
    final DowntimeSlots downtime = new DowntimeSlots(1);
    private final Planner planner = new Planner();
    InstalledRecord installed;
    /** The rollout strategy of the desired states this server makes; the per-service tests pin one-at-a-time. */
    RolloutStrategy strategy = RolloutStrategy.ONE_AT_A_TIME;
    /** spec.rollout of the desired states, or null: the desired file's (with {@link #strategy} either way) */
    dev.shipshape.model.desired.Rollout rollout;

    FakeServer(Path tmp) throws Exception {
        context = JobReconcilerIT.context(tmp, PROJECT, "5s", Cancellation.none());
        java.nio.file.Files.createDirectories(context.paths().export().resolve("web"));
        java.nio.file.Files.writeString(context.paths().export().resolve("web/index.html"), "hello");
        for (String image : List.of("db:1.0.0", "api:1.0.0", "web:1.0.0", "api:1.1.0", "web:1.1.0", "db:1.1.0")) {
            runtime.image(REG + image);
        }
    }

    static String compose(String apiTag, String webTag) {
        return compose("1.0.0", apiTag, webTag);
    }

    static String compose(String dbTag, String apiTag, String webTag) {
        return """
                services:
                  db:
                    image: "%sdb:%s"
                    volumes: [db-data:/data]
                    network_mode: host
                    healthcheck: {test: [CMD, "true"], interval: 1s}
                  api:
                    image: "%sapi:%s"
                    depends_on: {db: {condition: service_healthy}}
                    network_mode: host
                    healthcheck: {test: [CMD, "true"], interval: 1s}
                  web:
                    image: "%sweb:%s"
                    volumes: ["./web/index.html:/www/index.html:ro"]
                    depends_on: [api]
                    network_mode: host
                volumes:
                  db-data: {}
                """.formatted(REG, dbTag, REG, apiTag, REG, webTag);
    }

    /** The desired state of {@code version} (1.0.0 or 1.1.0), running or stopped. */
    DesiredState desired(Version version, RunState state) {
        return desired(version, state, "1.0.0", null);
    }

    /**
     * The desired state of {@code version} whose db runs {@code dbTag} (a version change that recreates the
     * service with the volume), possibly rolled back from a failed rollout.
     */
    DesiredState desired(Version version, RunState state, String dbTag, DesiredState.Rollback rollback) {
        String tag = version.toString();
        RenderedRelease rendered = new RenderedRelease(new ComposeParser("compose.yaml", f -> Optional.empty())
                .parse(compose(dbTag, tag, tag)), Map.of("compose.yaml", "c-" + tag + dbTag, "web/index.html", "i-" + tag));
        Map<String, ImageRef> images = new LinkedHashMap<>();
        rendered.compose().services().values().forEach(s -> images.put(s.name(), ImageRef.parse(s.image())));
        ServerSpec base = context.desired().spec();
        ServerSpec spec = new ServerSpec(version, base.source(), base.projectDir(), Map.of(), base.images(),
                (rollout == null ? base.rollout() : rollout).withStrategy(strategy), state, false);
        return new DesiredState(PROJECT, spec, new ReleaseManifest("fake-server", version, null, images, List.of(),
                List.of(), List.of()), List.of(), rendered, version, List.of(), rollback);
    }

    DesiredState desired(Version version) {
        return desired(version, RunState.RUNNING);
    }

    /** The reconcilers of the services, reaching {@code failpoints}. */
    Map<Class<?>, Reconciler<?>> reconcilers(Failpoints.Reach failpoints) {
        HealthGate health = new HealthGate(runtime, Duration.ZERO, failpoints);
        ContainerFactory factory = new ContainerFactory(runtime);
        Map<Class<?>, Reconciler<?>> byAction = new LinkedHashMap<>();
        for (Reconciler<?> r : List.of(new CreateServiceReconciler(runtime, factory, health),
                new RecreateServiceReconciler(runtime, factory, health, downtime, failpoints),
                new ReplaceWindowReconciler(runtime, factory, health, failpoints),
                new StartServiceReconciler(runtime, health), new StopServiceReconciler(runtime),
                new RemoveContainerReconciler(runtime), new TakeSnapshotReconciler(snapshots(failpoints)),
                new RestoreSnapshotReconciler(snapshots(failpoints)))) {
            byAction.put(r.actionType(), r);
        }
        return byAction;
    }

    /** Volume snapshots on this runtime, in the project's .shipshape/snapshots/. */
    Snapshots snapshots(Failpoints.Reach failpoints) {
        return new Snapshots(runtime, java.time.Clock.systemUTC(), failpoints, Snapshots.Space.DISK);
    }

    Plan plan(DesiredState desired) {
        RuntimeObservation seen = runtime.observe(PROJECT);
        ObservedState observed = new ObservedState(Set.of(V1, V2), desired.rendered().exportHash(), installed,
                seen.localImages(), seen.containers()).withSnapshots(new SnapshotStore(context.paths()).list());
        return planner.plan(desired, observed);
    }

    /** One pass: observe, plan, act in plan order; stops at the first failure, as the executor does. */
    Plan pass(DesiredState desired, Failpoints.Reach failpoints) {
        Plan plan = plan(desired);
        Map<Class<?>, Reconciler<?>> reconcilers = reconcilers(failpoints);
        for (Action action : plan.actions()) {
            if (action instanceof RecordInstalled record) {
                installed = InstalledRecord.next(installed, record.version(), Instant.now());
                continue;
            }
            act(reconcilers.get(action.getClass()), action);
        }
        return plan;
    }

    Plan pass(DesiredState desired) {
        return pass(desired, Failpoints.ENVIRONMENT);
    }

    /** Passes until the plan is empty (at most five). */
    void converge(DesiredState desired) {
        for (int i = 0; i < 5; i++) {
            if (pass(desired).actions().isEmpty()) {
                return;
            }
        }
        throw new AssertionError("did not converge: " + plan(desired).actions());
    }

    @SuppressWarnings("unchecked")
    private <A extends Action> void act(Reconciler<A> reconciler, Action action) {
        if (reconciler == null) {
            throw new AssertionError("no reconciler in this test for " + action);
        }
        reconciler.reconcile((A) action, context).orThrow();
    }

    /** A failpoint that ends the action right there, as a SIGKILL of the controller would. */
    static Failpoints.Reach crashAt(String point) {
        return name -> {
            if (name.equals(point)) {
                throw new Killed(name);
            }
        };
    }

    /** The controller was killed at a failpoint: an Error, so no reconciler's catch can clean up after it. */
    static final class Killed extends Error {
        Killed(String point) {
            super("killed at " + point);
        }
    }
}
