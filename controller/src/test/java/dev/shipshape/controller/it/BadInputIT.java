package dev.shipshape.controller.it;

import dev.shipshape.reconcilers.export.ExportFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input against a running installation of 1.0.0: a bad desired file, a bad global.yaml, and
 * release zips served by the release server with a bad manifest, a '..' entry and a dependency
 * cycle. Each {@code apply} exits 1 with a message naming the file and what to do; the containers
 * keep their ids and keep serving, export/ and the installed record are unchanged, and no temp
 * folder or partial file is left behind. No secret appears in any output, log or status.json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final String ZIP_110 = "spacetech-server-linux-x64-1.1.0.zip";

    TestProject project;
    SecretsScan scan;
    Snapshot before;

    @BeforeAll
    void install(@TempDir Path tmp) {
        scan = SecretsScan.start();
        project = TestProject.withExampleReleases(tmp);
        project.writeDesired("1.0.0");
        TestProject.Run apply = project.shipshape("apply");
        scan.add("apply 1.0.0", apply);
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        before = Snapshot.of(project);
    }

    /**
     * Each test starts from the installation of 1.0.0 as it was made: the example's zips served, the
     * desired file at 1.0.0, and no 1.1.0 in the store (a refused package whose templates are at fault
     * passed verification and may stay there, zip and folder; the next test must download its own).
     */
    @AfterEach
    void backToTheInstallation() throws IOException {
        project.releases.clearOverrides();
        project.writeDesired("1.0.0");
        deleteRecursively(project.projectDir().resolve(".shipshape/packages/1.1.0"));
        Path downloads = project.projectDir().resolve(".shipshape/downloads");
        if (Files.isDirectory(downloads)) {
            try (Stream<Path> files = Files.list(downloads)) {
                for (Path f : files.filter(f -> f.getFileName().toString().contains("1.1.0")).toList()) {
                    deleteRecursively(f);
                }
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @AfterAll
    void cleanUp() {
        try {
            if (project != null) {
                scan.addFile("status.json", project.projectDir().resolve(".shipshape/status.json"));
                scan.assertNoSecretsOf(project.projectDir());
            }
        } finally {
            scan.close();
            if (project != null) {
                project.close();
            }
        }
    }

    @Test
    void aBadDesiredFile() throws IOException {
        String good = Files.readString(project.desiredFile);
        TestProject.write(project.desiredFile, good.replace("  rollout:", "  rolout:"));
        try {
            refused("bad desired file", project.desiredFile.toString(), "rolout");
        } finally {
            TestProject.write(project.desiredFile, good);
        }
    }

    @Test
    void aBadGlobalYaml() throws IOException {
        Path global = project.projectDir().resolve("global.yaml");
        TestProject.write(global, "web:\n  title: {unclosed: \"mapping\"\napi:\n  greeting: hi\n");
        try {
            refused("bad global.yaml", global + ":2:30: not valid YAML", "fix global.yaml");
        } finally {
            Files.delete(global);
        }
    }

    @Test
    void aGlobalYamlOfTheWrongShape() throws IOException {
        Path global = project.projectDir().resolve("global.yaml");
        TestProject.write(global, "api: hello\n");
        try {
            refused("global.yaml of the wrong shape", global + ": api: is a single value, but the release's default is a mapping");
        } finally {
            Files.delete(global);
        }
    }

    @Test
    void aReleaseWithABadManifest() {
        serve(releaseZip(Map.of(), manifest -> manifest + "imagez: {}\n", Map.of()));
        refused("bad manifest", 2, ZIP_110, "unknown field 'imagez'", "get a fixed one from its vendor");
        assertThat(project.projectDir().resolve(".shipshape/packages/1.1.0")).doesNotExist();
    }

    @Test
    void aReleaseWithAnEntryOutsideThePackage() {
        serve(releaseZip(Map.of(), m -> m, Map.of("../../../evil.sh", "#!/bin/sh\necho pwned\n")));
        refused("zip entry with ..", 2, ZIP_110, "'../../../evil.sh'", "outside the package folder");
        assertThat(project.projectDir().resolve(".shipshape/packages/1.1.0")).doesNotExist();
        assertThat(project.dir.resolve("evil.sh")).doesNotExist();
        assertThat(project.projectDir().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void aReleaseWhoseServicesDependOnEachOtherInACycle() {
        serve(releaseZip(Map.of("config/compose.yaml.tmpl", compose -> compose.replace("""
                    restart: unless-stopped
                    labels:
                      com.spacetech.tier: "data"
                """, """
                    depends_on:
                      web: {condition: service_healthy}
                    restart: unless-stopped
                    labels:
                      com.spacetech.tier: "data"
                """)), m -> m, Map.of()));
        refused("dependency cycle", "export/compose.yaml", "dependency cycle", "api -> db -> web -> api");
    }

    /** Runs apply, expects exit 1 with every text in the error, then checks that nothing changed. */
    private void refused(String what, String... expected) {
        refused(what, 1, expected);
    }

    /**
     * @param planExit what plan says meanwhile: 1 when the input is read by every reconciliation, 2 when
     *                 the refused package is not in the store (plan only says it would download it)
     */
    private void refused(String what, int planExit, String... expected) {
        TestProject.Run apply = project.shipshape("apply");
        scan.add("apply with " + what, apply);
        assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
        for (String e : expected) {
            assertThat(apply.err()).as(apply.toString()).contains(e);
        }
        assertThat(apply.err()).as("one clear line, no stack trace").doesNotContain("\tat ");
        TestProject.Run plan = project.shipshape("plan");
        scan.add("plan with " + what, plan);
        assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(planExit);
        Snapshot.of(project).assertUnchangedFrom(before, project);
    }

    private void serve(byte[] zip) {
        project.releases.override(ZIP_110, zip);
        project.releases.override(ZIP_110 + ".sha256", ReleaseZips.sha256File(zip, ZIP_110));
        project.writeDesired("1.1.0");
    }

    /** The example's 1.1.0 with files rewritten and extra entries (any name, '..' included). */
    private static byte[] releaseZip(Map<String, java.util.function.UnaryOperator<String>> rewrite,
                                     java.util.function.UnaryOperator<String> manifest, Map<String, String> extra) {
        Path dir = TestEnvironment.repoRoot().resolve("examples/spacetech/release/1.1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Stream<Path> walk = Files.walk(dir); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (name.equals("manifest.yaml")) {
                    text = manifest.apply(text.replace("${REGISTRY}", TestEnvironment.registry()));
                }
                if (rewrite.containsKey(name)) {
                    String rewritten = rewrite.get(name).apply(text);
                    assertThat(rewritten).as("the rewrite of " + name + " applies").isNotEqualTo(text);
                    text = rewritten;
                }
                zip.putNextEntry(new ZipEntry(name));
                zip.write(text.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What must not change when input is refused. */
    record Snapshot(Map<String, String> containers, String exportHash, byte[] installed, byte[] secrets,
                    List<String> packages, List<String> projectEntries) {
        static Snapshot of(TestProject p) {
            Path dir = p.projectDir();
            try {
                return new Snapshot(new TreeMap<>(p.containerIds()), ExportFolder.hash(dir.resolve("export")),
                        Files.readAllBytes(dir.resolve(".shipshape/installed.yaml")),
                        Files.readAllBytes(dir.resolve("generated-secret.yaml")),
                        names(dir.resolve(".shipshape/packages")), names(dir));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void assertUnchangedFrom(Snapshot before, TestProject p) {
            assertThat(containers).as("containers keep their ids").isEqualTo(before.containers);
            assertThat(p.get(p.webPort, "/index.html")).as("web still serves 1.0.0").contains("1.0.0");
            assertThat(p.get(p.apiPort, "/status.json")).as("api still serves 1.0.0").contains("1.0.0");
            assertThat(exportHash).as("export/ unchanged").isEqualTo(before.exportHash);
            assertThat(Arrays.equals(installed, before.installed)).as("installed.yaml unchanged").isTrue();
            assertThat(Arrays.equals(secrets, before.secrets)).as("generated-secret.yaml unchanged").isTrue();
            // A package whose templates are at fault passed verification and may stay in the store; nothing else may appear.
            assertThat(packages).as("no temp folder in the package store")
                    .allMatch(n -> before.packages.contains(n) || n.equals("1.1.0"));
            assertThat(projectEntries).as("no temp or leftover files in the project folder")
                    .noneMatch(n -> n.startsWith(".export-") || n.startsWith(".generated-secret-") || n.equals("export.tmp"));
            try (Stream<Path> walk = Files.walk(p.projectDir().resolve(".shipshape"))) {
                assertThat(walk.map(x -> x.getFileName().toString()).toList()).as("no partial download, no temp extraction")
                        .noneMatch(n -> n.endsWith(".part") || n.startsWith(".tmp-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<String> names(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(x -> x.getFileName().toString()).sorted().toList();
            }
        }
    }
}
