package dev.shipshape.reconcilers.containers;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.plan.Reason;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.ReplaceWindow;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.docker.DockerRuntime;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.Labels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rollout.strategy: window on a real engine (issue 17): three services (db; api, after db is healthy;
 * web, after api has started) replaced in one window. When the new api never becomes healthy, the whole
 * window is rolled back and every old container runs again under its name; when all are healthy, the
 * fast gate (the health command run by exec) confirms them long before Docker's 30 s interval could.
 */
class ReplaceWindowIT {
    static final Version V1 = Version.parse("1.0.0");
    static final Version V2 = Version.parse("1.1.0");
    /** Stops at once on SIGTERM (a shell as PID 1 would otherwise ignore it for the whole grace). */
    static final List<String> SERVE = List.of("/bin/sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.2; done");

    static DockerClient docker;

    @TempDir
    Path tmp;
    String project;
    ContainerRuntime runtime;
    ContainerFactory factory;

    @BeforeAll
    static void image() throws InterruptedException {
        docker = JobReconcilerIT.clientWithTheDbImage();
    }

    @BeforeEach
    void setUp() {
        project = "rwit" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        runtime = new DockerRuntime(docker);
        factory = new ContainerFactory(runtime);
    }

    @AfterEach
    void cleanUp() {
        for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, project)).exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    /** A service of version {@code v}, healthy when {@code healthy} (its check is {@code true}, else {@code false}). */
    static ServiceSpec service(String name, String v, boolean healthy, DependsOn... deps) {
        return new ServiceSpec(name, JobReconcilerIT.IMAGE, null, SERVE, Map.of("VERSION", v), List.of(),
                new HealthCheck(List.of("CMD", healthy ? "true" : "false"), Duration.ofSeconds(30), Duration.ofSeconds(5), 3,
                        Duration.ZERO),
                List.of(deps), "no", null, "host", null, null, Duration.ofSeconds(2));
    }

    static List<ServiceSpec> release(String v, boolean apiHealthy) {
        return List.of(service("db", v, true),
                service("api", v, apiHealthy, new DependsOn("db", DependsOn.Condition.SERVICE_HEALTHY)),
                service("web", v, true, new DependsOn("api", DependsOn.Condition.SERVICE_STARTED)));
    }

    /** Installs version 1 (created and started as a one-at-a-time install would) and returns the ids by service. */
    Map<String, String> installV1(ProjectContext context) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (ServiceSpec s : release("1", true)) {
            String id = factory.create(context, s, "hash-1-" + s.name(), V1);
            runtime.start(id);
            ids.put(s.name(), id);
        }
        return ids;
    }

    ReplaceWindow window(Map<String, String> old, boolean apiHealthy) {
        List<RecreateService> members = new ArrayList<>();
        for (ServiceSpec s : release("2", apiHealthy)) {
            members.add(new RecreateService(s, "hash-2-" + s.name(), V2, old.get(s.name()), List.of("image changed"),
                    Reason.IMAGE_CHANGED));
        }
        return new ReplaceWindow(members, List.of(), V2);
    }

    @Test
    void aServiceNeverHealthyInTheWindowRollsBackEveryServiceToItsOldContainer() throws Exception {
        ProjectContext context = JobReconcilerIT.context(tmp, project, "6s", Cancellation.none());
        Map<String, String> old = installV1(context);
        ReplaceWindowReconciler reconciler = new ReplaceWindowReconciler(runtime, factory, new HealthGate(runtime));

        ActionOutcome outcome = reconciler.reconcile(window(old, false), context);

        assertThat(outcome).isInstanceOfSatisfying(ActionOutcome.Failed.class, f -> {
            assertThat(f.failure().isVerdict()).isTrue();
            assertThat(f.failure().message()).contains("api did not become healthy within 6s");
        });
        for (var e : old.entrySet()) {
            var info = runtime.inspect(project + "-" + e.getKey() + "-1").orElseThrow();
            assertThat(info.id()).as(e.getKey() + " is its old container").isEqualTo(e.getValue());
            assertThat(info.running()).as(e.getKey() + " runs again").isTrue();
        }
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, project)).exec())
                .as("no replacement is left").hasSize(3);
    }

    @Test
    void aHealthyWindowIsConfirmedByTheFastGateLongBeforeDockersIntervalAndTakesTheNames() throws Exception {
        ProjectContext context = JobReconcilerIT.context(tmp, project, "60s", Cancellation.none());
        Map<String, String> old = installV1(context);
        ReplaceWindowReconciler reconciler = new ReplaceWindowReconciler(runtime, factory, new HealthGate(runtime));

        long t0 = System.nanoTime();
        ActionOutcome outcome = reconciler.reconcile(window(old, true), context);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(outcome.isDone()).as(outcome.toString()).isTrue();
        // Docker's first probe comes 30 s after the start; two layers gated on it would take a minute
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        for (String s : List.of("db", "api", "web")) {
            var info = runtime.inspect(project + "-" + s + "-1").orElseThrow();
            assertThat(info.id()).isNotEqualTo(old.get(s));
            assertThat(info.running()).isTrue();
            assertThat(info.labels()).containsEntry(Labels.CONFIG_HASH, "hash-2-" + s);
        }
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, project)).exec())
                .hasSize(3);
    }
    @Test
    void theWarmUpBeforeTheWindowChangesNothingOnTheEngine() throws Exception {
        ProjectContext context = JobReconcilerIT.context(tmp, project, "60s", Cancellation.none());
        Map<String, String> old = installV1(context);
        String created = factory.create(context, service("db", "2", true), "hash-2-db", V2,
                RecreateServiceReconciler.replacementName(project + "-db-1", old.get("db")));

        long t0 = System.nanoTime();
        runtime.warmUp(created);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        // every call refused: the created container neither started nor ran an exec; the old ones run on untouched
        var info = docker.inspectContainerCmd(created).exec();
        assertThat(info.getState().getStatus()).isEqualTo("created");
        assertThat(info.getExecIds()).isNullOrEmpty();
        for (var e : old.entrySet()) {
            var oldInfo = docker.inspectContainerCmd(e.getValue()).exec();
            assertThat(oldInfo.getState().getRunning()).as(e.getKey()).isTrue();
            assertThat(oldInfo.getRestartCount()).isZero();
        }
        assertThat(took).as("a handful of refused calls").isLessThan(Duration.ofSeconds(5));
    }
}
