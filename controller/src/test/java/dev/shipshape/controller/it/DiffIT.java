package dev.shipshape.controller.it;

import dev.shipshape.reconcilers.export.ExportFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shipshape diff} against a real installation: nothing to show after an install, the image
 * lines and the changed default of 1.1.0 before the upgrade (with the 1.1.0 package fetched into the
 * store and nothing else touched), a rotated secret as a changed line without either value, and
 * nothing again after the upgrade. No secret value appears in any output or log.
 *
 * <p>The tests run in order on one installation: the first needs the desired state still at the
 * installed 1.0.0, the second sets 1.1.0 (and fetches its package), and the last applies it. Standing
 * alone, most would install (and upgrade) again; and the class's secrets scan covers all their output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiffIT {
    private static final String ROTATED = "Rotated-Passw0rd-" + System.nanoTime();

    TestProject project;
    SecretsScan scan;

    @BeforeAll
    void start(@TempDir Path tmp) {
        scan = SecretsScan.start();
        project = TestProject.withExampleReleases(tmp);
        project.writeDesired("1.0.0");
        TestProject.Run apply = project.shipshape("apply");
        scan.add("apply 1.0.0", apply);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
    }

    @AfterAll
    void stop() {
        try {
            if (project != null) {
                scan.assertNoSecretsOf(project.projectDir(), ROTATED);
            }
        } finally {
            scan.close();
            if (project != null) {
                project.close();
            }
        }
    }

    @Test
    @Order(1)
    void nothingDiffersRightAfterAnInstall() {
        TestProject.Run diff = project.shipshape("diff");
        scan.add("diff after install", diff);
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("no differences").doesNotContain("@@");
    }

    @Test
    @Order(2)
    void theNextVersionShowsItsImagesAndConfigAndChangesNothing() throws Exception {
        Map<String, String> containers = project.containerIds();
        String exportHash = ExportFolder.hash(project.projectDir().resolve("export"));
        byte[] installed = Files.readAllBytes(project.projectDir().resolve(".shipshape/installed.yaml"));
        byte[] secrets = Files.readAllBytes(project.projectDir().resolve("generated-secret.yaml"));
        project.writeDesired("1.1.0");

        TestProject.Run diff = project.shipshape("diff");
        scan.add("diff 1.0.0 -> 1.1.0", diff);
        assertThat(diff.exitCode()).as(diff.toString()).isEqualTo(2);
        String registry = TestEnvironment.registry();
        assertThat(diff.out())
                .contains("--- export/compose.yaml (installed 1.0.0)")
                .contains("+++ export/compose.yaml (desired 1.1.0)")
                .contains("-    image: \"" + registry + "/spacetech/web:1.0.0\"")
                .contains("+    image: \"" + registry + "/spacetech/web:1.1.0\"")
                .contains("-    image: \"" + registry + "/spacetech/api:1.0.0\"")
                .contains("+    image: \"" + registry + "/spacetech/api:1.1.0\"")
                .contains("-      API_GREETING: \"hello\"")
                .contains("+      API_GREETING: \"hello from orbit\"")
                .contains("--- export/web/index.html (installed 1.0.0)")
                .doesNotContain("db:1.1.0");
        assertThat(diff.out()).as("unchanged secret lines are context, masked").contains("      API_TOKEN: \"***\"")
                .doesNotContain("***(changed)");

        assertThat(project.containerIds()).isEqualTo(containers);
        assertThat(ExportFolder.hash(project.projectDir().resolve("export"))).isEqualTo(exportHash);
        assertThat(Files.readAllBytes(project.projectDir().resolve(".shipshape/installed.yaml"))).isEqualTo(installed);
        assertThat(Files.readAllBytes(project.projectDir().resolve("generated-secret.yaml"))).isEqualTo(secrets);
        assertThat(project.projectDir().resolve(".shipshape/packages/1.1.0/manifest.yaml"))
                .as("the package is fetched and verified into the store, as export does").exists();
    }

    @Test
    @Order(3)
    void aRotatedSecretIsAChangedLineWithoutEitherValue() throws Exception {
        Path userSecret = project.projectDir().resolve("user-secret");
        Files.writeString(userSecret, Base64.getEncoder().encodeToString(("db.password: \"" + ROTATED + "\"\n")
                .getBytes(StandardCharsets.UTF_8)));
        try {
            TestProject.Run diff = project.shipshape("diff");
            scan.add("diff with a rotated secret", diff);
            assertThat(diff.exitCode()).as(diff.toString()).isEqualTo(2);
            assertThat(diff.out()).contains("-      DB_PASSWORD: \"***\"").contains("+      DB_PASSWORD: \"***(changed)\"")
                    .contains("secrets that change: db.password");
            String generated = Files.readString(project.projectDir().resolve("generated-secret.yaml"));
            assertThat(generated).contains("db.password");
            SecretsScan rotated = SecretsScan.start();
            try {
                rotated.add("diff stdout", diff.out());
                rotated.add("diff stderr", diff.err());
                rotated.assertNoSecretsOf(project.projectDir());
            } finally {
                rotated.close();
            }
        } finally {
            Files.delete(userSecret);
        }
    }

    @Test
    @Order(4)
    void nothingDiffersAfterTheUpgrade() {
        TestProject.Run apply = project.shipshape("apply");
        scan.add("apply 1.1.0", apply);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        TestProject.Run diff = project.shipshape("diff");
        scan.add("diff after upgrade", diff);
        assertThat(diff.exitCode()).as(diff.toString()).isZero();
        assertThat(diff.out()).contains("no differences");
        scan.addFile("status.json", project.projectDir().resolve(".shipshape/status.json"));
        assertThat(scan.logEvents()).as("the log capture is attached").isPositive();
    }
}
