package dev.shipshape.controller.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Old image clean-up against the real engine: after 1.0.0 -> 1.1.0 -> 1.3.0 the images only 1.0.0
 * names (web:1.0.0, api:1.0.0) are removed, 1.1.0's (the previous version's) and db:1.0.0 (still
 * used) are kept, and an image a stopped container was created from is kept until that container
 * is gone. The releases name images under a repository of this test only (local tags of the
 * example's images), so nothing another test uses is ever touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageCleanupIT {
    private static final String[][] IMAGES = {
            {"web", "1.0.0"}, {"api", "1.0.0"}, {"db", "1.0.0"}, {"web", "1.1.0"}, {"api", "1.1.0"}, {"cache", "1.3.0"}};

    ReleaseServer releases;
    TestProject project;
    String prefix;
    final List<String> createdTags = new ArrayList<>();
    String holder;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        releases = new ReleaseServer(TestEnvironment.exampleDist());
        project = new TestProject(tmp, releases);
        prefix = TestEnvironment.registry() + "/cleanup-" + UUID.randomUUID().toString().substring(0, 8);
        DockerClient docker = project.docker;
        for (String[] image : IMAGES) {
            String source = TestEnvironment.registry() + "/spacetech/" + image[0];
            assertThat(docker.pullImageCmd(source).withTag(image[1]).exec(new PullImageResultCallback())
                    .awaitCompletion(2, TimeUnit.MINUTES)).isTrue();
            docker.tagImageCmd(source + ":" + image[1], prefix + "/spacetech/" + image[0], image[1]).exec();
            createdTags.add(ref(image[0], image[1]));
        }
        for (String version : List.of("1.0.0", "1.1.0", "1.3.0")) {
            String zipName = "spacetech-server-linux-x64-" + version + ".zip";
            byte[] zip = ReleaseZips.zip(TestEnvironment.repoRoot().resolve("examples/spacetech/release/" + version),
                    m -> m.replace("${REGISTRY}", prefix));
            releases.override(zipName, zip);
            releases.override(zipName + ".sha256", ReleaseZips.sha256File(zip, zipName));
        }
    }

    @AfterAll
    void stop() {
        if (project != null) {
            if (holder != null) {
                try {
                    project.docker.removeContainerCmd(holder).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // removed by the test
                }
            }
            project.close();
            createdTags.forEach(t -> untag(project.docker, t));
        }
        if (releases != null) {
            releases.close();
        }
    }

    @Test
    void afterTwoUpgradesTheOldestReleasesImagesAreRemovedAndThoseInUseKept() {
        apply("1.0.0");
        apply("1.1.0");
        assertThat(present(ref("web", "1.0.0"))).as("1.0.0 is the previous version after 1.1.0: kept").isTrue();
        assertThat(present(ref("api", "1.0.0"))).isTrue();

        // a stopped container of no project, created from web:1.0.0, holds that image
        holder = project.docker.createContainerCmd(ref("web", "1.0.0")).withName(project.name + "-holder")
                .withCmd("true").exec().getId();

        apply("1.3.0");

        assertThat(present(ref("api", "1.0.0"))).as("api:1.0.0, only 1.0.0 names it").isFalse();
        assertThat(present(ref("web", "1.0.0"))).as("web:1.0.0 is used by a (stopped) container").isTrue();
        for (String[] kept : new String[][]{{"web", "1.1.0"}, {"api", "1.1.0"}, {"db", "1.0.0"}, {"cache", "1.3.0"}}) {
            assertThat(present(ref(kept[0], kept[1]))).as("%s:%s", kept[0], kept[1]).isTrue();
        }
        for (String[] image : IMAGES) {
            assertThat(present(TestEnvironment.registry() + "/spacetech/" + image[0] + ":" + image[1]))
                    .as("the example's own tag of %s:%s, which no release of this project names", image[0], image[1]).isTrue();
        }
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");

        // The package store keeps only the installed and the previous release: 1.0.0's package is
        // pruned now, so an image kept because a container used it is not cleaned up later.
        assertThat(project.projectDir().resolve(".shipshape/packages/1.0.0")).doesNotExist();
    }

    private void apply(String version) {
        project.writeDesired(version);
        TestProject.Run run = project.shipshape("apply");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(project.get(project.apiPort, "/status.json")).contains(version.equals("1.3.0") ? "1.1.0" : version);
    }

    private String ref(String service, String version) {
        return prefix + "/spacetech/" + service + ":" + version;
    }

    private boolean present(String ref) {
        return !project.docker.listImagesCmd().withReferenceFilter(ref).exec().isEmpty();
    }

    private static void untag(DockerClient docker, String tag) {
        try {
            docker.removeImageCmd(tag).withForce(false).withNoPrune(true).exec();
        } catch (NotFoundException gone) {
            // not there
        }
    }
}
