package dev.shipshape.controller.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.shipshape.controller.doctor.CheckResult;
import dev.shipshape.controller.doctor.Doctor;
import dev.shipshape.controller.doctor.Status;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.docker.DockerClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preflight against the real engine, registry and an HTTP release server: a port another process
 * holds makes doctor fail and apply refuse before it creates anything; an engine that does not answer
 * is reported with what to do. The tests do not depend on each other's order: the one before any
 * download has a fresh project of its own, the others install the shared one when it is not installed yet.
 */
class DoctorIT {
    /** One project, installed by the first test that needs it (apply is a no-op once installed). */
    @RegisterExtension
    static final RunningController running = RunningController.builder().withoutController().build();

    final TestProject project = running.project();

    @Test
    void beforeTheDownloadDoctorPassesAndSaysPortsAreCheckedLater(@TempDir Path tmp) {
        try (TestProject fresh = TestProject.withExampleReleases(tmp)) {
            fresh.writeDesired("1.0.0");
            TestProject.Run doctor = fresh.shipshape("doctor");

            assertThat(doctor.exitCode()).as(doctor.toString()).isZero();
            assertThat(doctor.out()).contains("OK    docker-engine").contains("OK    release-source")
                    .contains("OK    project-folder").contains("OK    disk-space")
                    .contains("ports are checked once release 1.0.0 is downloaded");
        }
    }

    @Test
    void anInstalledProjectHoldsItsOwnPorts() {
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();

        TestProject.Run doctor = project.shipshape("doctor");
        assertThat(doctor.exitCode()).as(doctor.toString()).isZero();
        assertThat(doctor.out()).contains("held by this project's own container").contains(project.webPort + " (web)")
                .contains("release 1.0.0 is already downloaded").contains("present locally; nothing to pull")
                .contains("doctor: all 6 checks passed");
    }

    @Test
    void aPortHeldByAnotherProcessFailsDoctorAndApplyRefusesBeforeCreatingAnything() throws Exception {
        TestProject.Run install = project.shipshape("apply"); // ports are checked once the release is downloaded
        assertThat(install.exitCode()).as(install.toString()).isZero();
        for (Container c : project.containers()) {
            project.docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        assertThat(project.containers()).isEmpty();
        try (ServerSocket squatter = new ServerSocket(project.webPort, 50, InetAddress.getByName("127.0.0.1"))) {
            TestProject.Run doctor = project.shipshape("doctor");
            assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(1);
            assertThat(doctor.out()).contains("FAIL  ports").contains("port " + project.webPort + " (web) is held by another process")
                    .contains("stop it or change spec.config.web.port in server.yaml")
                    .contains("doctor: 1 check failed");

            TestProject.Run json = project.shipshape("doctor", "--output", "json");
            assertThat(json.exitCode()).isEqualTo(1);
            assertThat(json.out()).contains("\"status\" : \"FAIL\"").contains("\"ok\" : false");

            TestProject.Run apply = project.shipshape("apply");
            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).contains("preflight check 'ports' failed: port " + project.webPort + " (web) is held by"
                    + " another process; stop it or change spec.config.web.port in server.yaml");
            assertThat(project.containers()).as("apply created no container").isEmpty();
            assertThat(squatter.isBound()).isTrue();
        }
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as("once the port is free: " + apply).isZero();
        assertThat(project.containerIds()).containsOnlyKeys("web", "api", "db");
    }

    @Test
    void anEngineThatDoesNotAnswerIsReportedWithWhatToDo() throws Exception {
        Path dir = Files.createTempDirectory("shipshape-doctor-");
        String host = "unix://" + dir.resolve("no-engine-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");
        DockerClient noEngine = DockerClients.forHost(host);
        try {
            ProjectContext context = ProjectContext.of(DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)));

            Instant started = Instant.now();
            List<CheckResult> results = Doctor.forEngine(noEngine, host).run(context);

            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
            assertThat(results).extracting(CheckResult::name).containsExactly("docker-engine", "disk-space", "ports",
                    "project-folder", "release-source", "registry");
            CheckResult engine = results.get(0);
            assertThat(engine.status()).isEqualTo(Status.FAIL);
            assertThat(engine.detail()).contains(host);
            assertThat(engine.fix()).isEqualTo("start Docker or set DOCKER_HOST");
            assertThat(Doctor.firstFailure(results)).contains(engine);
        } finally {
            noEngine.close();
            Files.deleteIfExists(dir);
        }
    }
}
