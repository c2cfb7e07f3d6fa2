package dev.shipshape.controller.it;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a reviewer and an operator see around {@code apply}, against the real engine and an HTTP release
 * server: {@code plan} of an upgrade whose package is not downloaded yet fetches it into the store and
 * shows the recreates (with {@code --no-fetch}, only the download); {@code status} after an apply
 * that failed and rolled back names the failed version and why; {@code status} after the file changed
 * says that what it shows is stale.
 *
 * <p>The steps run in order on one installation: 1.0.0 installed, 1.1.0 planned then applied, 1.3.0
 * (whose migration fails) applied and rolled back, the file edited afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyStatusIT {
    @RegisterExtension
    static final RunningController fixture = RunningController.builder().withoutController().desired(null).build();

    TestProject project;

    @BeforeAll
    void start() {
        project = fixture.project();
        project.writeDesired("1.0.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
    }

    @Test
    @Order(1)
    void planOfAnUpgradeNotDownloadedYetFetchesItAndListsTheRecreates() {
        PackageStore store = new PackageStore(new ProjectPaths(project.projectDir()));
        Version v110 = Version.parse("1.1.0");
        Map<String, String> before = project.containerIds();
        project.writeDesired("1.1.0");
        assertThat(store.dir(v110)).as("not downloaded yet").isEmpty();

        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(2);
        assertThat(plan.out()).as(plan.toString()).contains("recreate api", "recreate web").doesNotContain("recreate db");
        assertThat(plan.err()).contains("release 1.1.0 is not in the package store yet: downloading and verifying it");
        assertThat(store.dir(v110)).as("the package is in the store").isPresent();
        assertThat(project.containerIds()).as("nothing that runs changed").isEqualTo(before);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
    }

    @Test
    @Order(2)
    void statusAfterARolledBackApplyNamesTheFailedVersionAndWhy() {
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        TestProject.Run status = project.shipshape("status");
        assertThat(status.out()).as(status.toString()).contains("installed 1.1.0", "Converged");

        project.writeDesired("1.3.0", "    migrate: {fail: \"yes\"}\n", "", "");
        TestProject.Run noFetch = project.shipshape("plan", "--no-fetch");
        assertThat(noFetch.exitCode()).as(noFetch.toString()).isEqualTo(2);
        assertThat(noFetch.out()).contains("download release 1.3.0").doesNotContain("recreate");
        assertThat(new PackageStore(new ProjectPaths(project.projectDir())).dir(Version.parse("1.3.0")))
                .as("--no-fetch downloads nothing").isEmpty();

        TestProject.Run failed = project.shipshape("apply");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.out()).as("ports and registries were checked after the download, not put off")
                .doesNotContain("checked once release");
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");

        status = project.shipshape("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).as("%s%nafter the failed apply: %s", status, failed)
                .doesNotContain("no controller has reconciled this project yet")
                .contains("installed 1.1.0, target 1.3.0", "ReconcileFailed", "1.3.0", "migrate", "rolled back to 1.1.0")
                .doesNotContain("STALE");
    }

    @Test
    @Order(3)
    void statusOfAFileNoControllerHasReadSaysItIsStale() throws Exception {
        String recorded = Files.readString(project.desiredFile);
        project.writeDesired("1.1.0");
        assertThat(Files.readString(project.desiredFile)).isNotEqualTo(recorded);

        TestProject.Run status = project.shipshape("status");
        assertThat(status.out()).as(status.toString()).contains("STALE: this status was recorded at", "no controller has read yet");
    }
}
