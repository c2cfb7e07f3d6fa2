package dev.shipshape.controller.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk while upgrading 1.0.0 -> 1.1.0, against the real engine: the project folder and its
 * state folder {@code .shipshape/} (downloads and the package store) are each a small tmpfs of their
 * own. With the state folder full, the download fails; with the project folder full, the export
 * fails. Each time apply exits 1 naming the full disk, nothing half-written is left or used later,
 * the 1.0.0 containers keep serving with their data. Once there is room again, apply completes.
 * Needs root (mount); skipped with a message where mounting is not permitted. The applies skip the
 * preflight, which (rightly) refuses a project folder with less than 1 GiB free; the first fault
 * checks that refusal too.
 *
 * <p>The tests run in order: the full state folder must meet the first download of 1.1.0, which the
 * full project folder's test makes (it fails later, at the export); the upgrade that completes runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullIT {
    private static final String SIZE = "4m";

    TestProject project;
    Path projectDir;
    Path stateDir;
    final List<Path> mounted = new ArrayList<>();
    Map<String, String> installed;

    @BeforeAll
    void install(@TempDir Path tmp) throws Exception {
        project = TestProject.withExampleReleases(tmp);
        projectDir = project.projectDir();
        stateDir = projectDir.resolve(".shipshape");
        mountTmpfs(projectDir);
        mountTmpfs(stateDir);

        project.writeDesired("1.0.0");
        // the preflight asks for 1 GiB of room in the project folder, far more than these small disks
        TestProject.Run apply = project.shipshape("apply", "--skip-preflight");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        installed = project.containerIds();
        DbData.write(project, installed.get("db"), "written-before-the-disk-filled");
    }

    @AfterAll
    void remove() throws Exception {
        try {
            if (project != null) {
                project.close(); // first: web bind-mounts a file of the export, which would keep the tmpfs busy
            }
        } finally {
            for (int i = mounted.size() - 1; i >= 0; i--) {
                umount(mounted.get(i));
            }
        }
    }

    @Test
    @Order(1)
    void aFullStateFolderFailsTheDownloadNamingTheDiskAndLeavesNoPartialPackage() throws Exception {
        Path filler = fill(stateDir);
        try {
            project.writeDesired("1.1.0");
            TestProject.Run preflight = project.shipshapeLogged("apply");
            assertThat(preflight.exitCode()).as(preflight.toString()).isEqualTo(1);
            assertThat(preflight.err()).as(preflight.toString()).contains("disk-space").contains(projectDir.toString());
            assertUntouched();

            TestProject.Run apply = project.shipshapeLogged("apply", "--skip-preflight");
            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).as(apply.toString()).contains("No space left on device").contains(stateDir.toString())
                    .contains("free");
            assertUntouched();
            assertThat(listing(stateDir.resolve("downloads"))).as("no partial download fills the disk further").isEmpty();
            assertThat(listing(stateDir.resolve("packages"))).as("no half-extracted package").containsExactly("1.0.0");
        } finally {
            Files.delete(filler);
        }
    }

    @Test
    @Order(2)
    void aFullProjectFolderFailsTheExportNamingTheDiskAndKeepsTheRunningExport() throws Exception {
        String composeBefore = Files.readString(projectDir.resolve("export/compose.yaml"));
        Path filler = fill(projectDir);
        try {
            project.writeDesired("1.1.0");
            TestProject.Run apply = project.shipshapeLogged("apply", "--skip-preflight");
            assertThat(apply.exitCode()).as(apply.toString()).isEqualTo(1);
            assertThat(apply.err()).as(apply.toString()).contains("No space left on device").contains(projectDir.toString());
            assertUntouched();
            assertThat(Files.readString(projectDir.resolve("export/compose.yaml"))).as("the export 1.0.0 runs from")
                    .isEqualTo(composeBefore);
            assertThat(listing(projectDir)).as("no half-written export folder").noneMatch(n -> n.startsWith(".export-"));
        } finally {
            Files.delete(filler);
        }
    }

    @Test
    @Order(3)
    void withRoomAgainTheUpgradeCompletes() throws Exception {
        project.writeDesired("1.1.0");
        TestProject.Run apply = project.shipshapeLogged("apply", "--skip-preflight");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-disk-filled");
        assertThat(project.containerIds().get("db")).isEqualTo(installed.get("db"));
        assertThat(Files.readString(projectDir.resolve("export/compose.yaml"))).contains("1.1.0");
        assertThat(listing(stateDir.resolve("downloads"))).isEmpty();
        assertThat(listing(projectDir)).noneMatch(n -> n.startsWith(".export-"));
    }

    // ---------- helpers ----------

    private void assertUntouched() throws IOException {
        assertThat(project.containerIds()).as("the same 1.0.0 containers").isEqualTo(installed);
        assertThat(project.containers()).as("no stray container").hasSize(3);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.0.0");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-disk-filled");
        assertThat(stateDir.resolve("installed.yaml")).content().contains("version: 1.0.0").doesNotContain("1.1.0");
        assertThat(listing(stateDir.resolve("downloads"))).noneMatch(n -> n.endsWith(".zip"));
    }

    /** Fills the file system of {@code dir} to the last byte with one file, which is returned. */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler-" + System.nanoTime() + ".bin");
        byte[] chunk = new byte[64 * 1024];
        long limit = 64L * 1024 * 1024; // far more than the tmpfs: the loop ends at ENOSPC
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < limit; written += chunk.length) {
                out.write(chunk);
            }
            throw new IllegalStateException(dir + " did not fill up after " + limit + " bytes: is it the small tmpfs?");
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
        // the last partial chunk may have left a few bytes: take them too
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 64 * 1024; i++) {
                out.write(0);
                out.flush();
            }
        } catch (IOException full) {
            // full to the byte
        }
        assertThat(Files.getFileStore(filler).getUsableSpace()).as("free space on %s", dir).isLessThan(4096);
        return filler;
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("filler-")).sorted().toList();
        }
    }

    private void mountTmpfs(Path dir) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SIZE + ",mode=0755", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(done, "mounting a tmpfs is not permitted here (needs root and CAP_SYS_ADMIN): " + out.strip()
                + "; DiskFullIT is skipped");
        mounted.add(dir);
    }

    private static void umount(Path dir) throws Exception {
        Process p = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
        if (!(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)) {
            // still busy (a container bind-mounting from it is being removed): detach it, it goes when free
            new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
