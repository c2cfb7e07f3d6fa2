package dev.shipshape.reconcilers.containers;

import dev.shipshape.reconcilers.docker.DockerClients;
import dev.shipshape.reconcilers.docker.DockerRuntime;
import dev.shipshape.reconcilers.runtime.Labels;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.release.JobSpec;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.records.JobRecordStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs one-shot jobs on the real engine ({@code . .test-env/env} gives DOCKER_HOST) with the db
 * image from the local registry: a job writes into a named volume and is recorded; a failing job
 * fails with its exit code and leaves its container for inspection.
 */
class JobReconcilerIT {
    static final String REGISTRY = System.getenv().getOrDefault("SHIPSHAPE_TEST_REGISTRY", "127.0.0.1:5000");
    static final String REPOSITORY = REGISTRY + "/spacetech/db";
    static final String IMAGE = REPOSITORY + ":1.0.0";
    static final Version V1 = Version.parse("1.0.0");
    static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    static DockerClient docker;

    @TempDir
    Path tmp;
    String project;
    String volume;
    JobReconciler reconciler;

    @BeforeAll
    static void pullImage() throws InterruptedException {
        docker = clientWithTheDbImage();
    }

    /** A client of the engine the tests use, once the db image of the jobs' and containers' tests is there. */
    static DockerClient clientWithTheDbImage() throws InterruptedException {
        DockerClient client = DockerClients.fromEnvironment();
        assertThat(client.pullImageCmd(REPOSITORY).withTag("1.0.0").exec(new PullImageResultCallback())
                .awaitCompletion(5, TimeUnit.MINUTES)).isTrue();
        return client;
    }

    @BeforeEach
    void setUp() {
        project = "jobit" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        volume = project + "_data";
        // labelled as shipshape or docker compose labels a volume of this project: one without is refused
        docker.createVolumeCmd().withName(volume).withLabels(Map.of(Labels.PROJECT, project, Labels.VOLUME, "data")).exec();
        reconciler = new JobReconciler(new DockerRuntime(docker), new ContainerFactory(new DockerRuntime(docker)), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void cleanUp() {
        for (var c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, project)).exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        docker.removeVolumeCmd(volume).exec();
    }

    ProjectContext context(String healthTimeout, Cancellation cancellation) throws Exception {
        return context(tmp, project, healthTimeout, cancellation);
    }

    /** A context of {@code project}, with its desired file and an empty export under {@code tmp}. */
    static ProjectContext context(Path tmp, String project, String healthTimeout, Cancellation cancellation) throws Exception {
        Path file = tmp.resolve("server.yaml");
        String text = """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: %s
                spec:
                  version: 1.0.0
                  source:
                    url: nowhere/s-{version}.zip
                  projectDir: project
                  rollout:
                    healthTimeout: %s
                """.formatted(project, healthTimeout);
        Files.writeString(file, text);
        Files.createDirectories(tmp.resolve("project/export"));
        return ProjectContext.of(DesiredFile.parse(file, text), cancellation);
    }

    ProjectContext context() throws Exception {
        return context("30s", Cancellation.none());
    }

    /** The db service as a release would render it: a named volume {@code data} and an environment. */
    static ServiceSpec db() {
        return new ServiceSpec("db", IMAGE, null, null, Map.of("MARKER", "written-by-init"),
                List.of(new VolumeMount(VolumeMount.Kind.NAMED, "data", "/data", false)),
                null, null, "always", null, "host", null, null, null);
    }

    static RunJob job(String name, JobSpec.When when, String script) {
        return new RunJob(new JobSpec(name, "db", List.of("/bin/sh", "-c", script), when, List.of("db")), db(), V1);
    }

    InspectContainerResponse jobContainer(String job) {
        return docker.inspectContainerCmd(JobReconciler.containerName(project, job)).exec();
    }

    boolean exists(String job) {
        try {
            jobContainer(job);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Test
    void jobWritesIntoTheServiceVolumeIsRecordedAndItsContainerRemoved() throws Exception {
        ProjectContext ctx = context();
        reconciler.reconcile(job("init", JobSpec.When.INSTALL, "echo \"$MARKER\" > /data/marker"), ctx).orThrow();

        JobRecordStore records = ctx.records().jobs();
        assertThat(records.read()).containsEntry("init@1.0.0", NOW);
        assertThat(records.completed()).containsExactly("init@1.0.0");
        assertThat(Files.readString(records.file())).contains("init@1.0.0").contains(NOW.toString());
        assertThat(exists("init")).isFalse();

        // another job of the same service sees what the first wrote into the named volume
        reconciler.reconcile(job("check", JobSpec.When.UPGRADE, "grep -qx written-by-init /data/marker"), ctx).orThrow();
        assertThat(records.completed()).containsExactlyInAnyOrder("init@1.0.0", "check@1.0.0");
        assertThat(docker.inspectVolumeCmd(volume).exec().getName()).isEqualTo(volume);
    }

    @Test
    void failingJobThrowsWithItsExitCodeAndKeepsItsContainerForInspection() throws Exception {
        ProjectContext ctx = context();
        assertThatThrownBy(() -> reconciler.reconcile(job("migrate", JobSpec.When.UPGRADE, "echo s3cret-output; exit 1"), ctx).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("job migrate of 1.0.0")
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("see `docker logs ")
                .hasMessageNotContaining("s3cret-output");
        assertThat(ctx.records().jobs().completed()).isEmpty();

        InspectContainerResponse kept = jobContainer("migrate");
        assertThat(kept.getState().getExitCodeLong()).isEqualTo(1L);
        assertThat(kept.getConfig().getLabels())
                .containsEntry(Labels.PROJECT, project)
                .containsEntry(Labels.ONEOFF, "True")
                .containsEntry(Labels.JOB, "migrate")
                .doesNotContainKey(Labels.SERVICE);
        assertThat(kept.getHostConfig().getNetworkMode()).isEqualTo("host");

        // the next run of the job removes the kept container first, then runs afresh
        reconciler.reconcile(job("migrate", JobSpec.When.UPGRADE, "exit 0"), ctx).orThrow();
        assertThat(exists("migrate")).isFalse();
        assertThat(ctx.records().jobs().completed()).containsExactly("migrate@1.0.0");
    }

    @Test
    void jobThatDoesNotFinishInTimeIsStoppedAndKept() throws Exception {
        ProjectContext ctx = context("1s", Cancellation.none());
        assertThatThrownBy(() -> reconciler.reconcile(job("slow", JobSpec.When.UPGRADE, "sleep 60"), ctx).orThrow())
                .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("job slow of 1.0.0 did not finish within 1s");
        assertThat(jobContainer("slow").getState().getRunning()).isFalse();
        assertThat(ctx.records().jobs().completed()).isEmpty();
    }

    @Test
    void cancelledBeforeStartRunsNothing() throws Exception {
        Cancellation cancellation = Cancellation.none();
        cancellation.cancel("the desired file changed");
        ProjectContext ctx = context("30s", cancellation);
        assertThatThrownBy(() -> reconciler.reconcile(job("init", JobSpec.When.INSTALL, "exit 0"), ctx).orThrow())
                .isInstanceOf(Cancellation.CancelledException.class);
        assertThat(exists("init")).isFalse();
    }

    @Test
    void aForeignContainerWithTheJobsNameIsNeverRemoved() throws Exception {
        ProjectContext ctx = context();
        String foreign = docker.createContainerCmd(IMAGE).withName(JobReconciler.containerName(project, "init"))
                .withLabels(Map.of(Labels.PROJECT, project)).exec().getId();
        assertThatThrownBy(() -> reconciler.reconcile(job("init", JobSpec.When.INSTALL, "exit 0"), ctx).orThrow())
                .isInstanceOf(ReconcileException.class).hasMessageContaining("is not the container of job init");
        assertThat(docker.inspectContainerCmd(foreign).exec().getId()).isEqualTo(foreign);
    }
}
