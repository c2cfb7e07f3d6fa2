package dev.shipshape.controller.it;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline images, like the runbook's download / load, against the real engine: the 1.1.0 images
 * of web and api live only in a private registry of this test, which is stopped; {@code docker
 * save} tarballs of them lie in the folder {@code spec.images.offline} names. An upgrade whose
 * pinned digest the tarball does not match is refused and 1.0.0 keeps serving; without the pin,
 * the upgrade succeeds from the tarballs.
 *
 * <p>The refusals do not depend on each other: each leaves 1.0.0 serving and the 1.1.0 images off the
 * host. The successful upgrade leaves nothing to refuse, so it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineImagesIT {
    private static final List<String> MOVED = List.of("web", "api");
    private static final String OFFLINE = "  images:\n    offline: offline-images\n";

    ReleaseServer releases;
    PrivateRegistry registry;
    TestProject project;
    Path tarballs;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        releases = new ReleaseServer(TestEnvironment.exampleDist());
        registry = new PrivateRegistry(tmp.resolve("registry"));
        registry.start();
        project = new TestProject(tmp.resolve("work"), releases);
        tarballs = project.dir.resolve("offline-images");
        Files.createDirectories(tarballs);
        for (String service : MOVED) {
            seedAndSave(project.docker, service, "1.1.0");
        }
        // 1.1.0 as the example builds it, but web and api come from the private registry
        ReleaseZips.serveWithImagesIn(releases, "1.1.0", registry, MOVED);

        project.writeDesired("1.0.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        registry.stop();
    }

    @AfterAll
    void stop() {
        if (project != null) {
            project.close();
            for (String service : MOVED) {
                PrivateRegistry.untag(project.docker, registry.address() + "/spacetech/" + service + ":1.1.0");
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (releases != null) {
            releases.close();
        }
    }

    @Test
    void pullNeverWithoutATarballIsRefusedClearly() throws Exception {
        Map<String, String> before = project.containerIds();
        Files.createDirectories(project.dir.resolve("no-images"));
        project.writeDesired("1.1.0", "", "", "  images:\n    offline: no-images\n    pull: never\n");

        TestProject.Run apply = project.shipshape("apply");

        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err() + apply.out()).contains("spec.images.pull is never").contains("no-images")
                .contains(registry.address() + "/spacetech/web:1.1.0");
        assertThat(project.containerIds()).isEqualTo(before);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
    }

    @Test
    void aTarballThatDoesNotMatchThePinnedDigestIsRefusedAndTheOldVersionKeepsServing() {
        Map<String, String> before = project.containerIds();
        String pin = "sha256:" + "0123456789abcdef".repeat(4);
        project.writeDesired("1.1.0", "", "", OFFLINE + "    digests:\n      api: " + pin + "\n");

        TestProject.Run apply = project.shipshape("apply");

        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        assertThat(apply.err() + apply.out()).contains("service api").contains("expected " + pin).contains("found sha256:")
                .contains("api-1.1.0.tar");
        assertThat(project.containerIds()).isEqualTo(before);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.0.0");
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.0.0");
        // what the refused attempt loaded goes, so the next test really loads from the tarballs again
        for (String service : MOVED) {
            PrivateRegistry.untag(project.docker, registry.address() + "/spacetech/" + service + ":1.1.0");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // the refusals in any order before it: each leaves 1.0.0 serving
    void withTheRegistryStoppedTheUpgradeSucceedsFromTheTarballs() {
        assertThat(registry.running()).isFalse();
        for (String service : MOVED) {
            assertThat(project.docker.listImagesCmd().withReferenceFilter(registry.address() + "/spacetech/" + service + ":1.1.0")
                    .exec()).as("%s:1.1.0 is not on the host before the upgrade", service).isEmpty();
        }
        project.writeDesired("1.1.0", "", "", OFFLINE);

        TestProject.Run apply = project.shipshape("apply");

        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0");
        Map<String, String> ids = project.containerIds();
        for (String service : MOVED) {
            assertThat(project.docker.inspectContainerCmd(ids.get(service)).exec().getConfig().getImage())
                    .isEqualTo(registry.address() + "/spacetech/" + service + ":1.1.0");
        }
        assertThat(project.projectDir().resolve(".shipshape/installed.yaml")).content().contains("version: 1.1.0");
        TestProject.Run again = project.shipshape("plan");
        assertThat(again.exitCode()).as(again.toString()).isZero();
    }

    /** Puts {@code service:version} into the private registry and saves it to a tarball; leaves no local tag of it behind. */
    private void seedAndSave(DockerClient docker, String service, String version) throws Exception {
        registry.seed(docker, service, version, tag -> {
            try (InputStream saved = docker.saveImageCmd(tag.substring(0, tag.lastIndexOf(':'))).withTag(version).exec()) {
                Files.copy(saved, tarballs.resolve(service + "-" + version + ".tar"), StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

}
