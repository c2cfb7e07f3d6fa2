package dev.shipshape.controller.it;

import dev.shipshape.reconcilers.Failpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controller killed with SIGKILL during a volume snapshot and during a restore (issue 19), each followed by
 * {@code apply} as a separate process: converged, the data as it should be, no volume left half-restored, no
 * incomplete snapshot kept. As {@link ControllerCrashIT}: the process stops at the failpoint, is killed there,
 * the half-done state is checked, then apply runs without the failpoint.
 *
 * <p>The cases run in order on one project: 1.1.0 installed; the upgrade to 1.3.0 (whose migrate job uses the
 * db volume) killed while the volume is being read; then a restore of that snapshot by hand killed when the
 * volume has just been recreated empty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotCrashIT {
    private static final Duration TO_FAILPOINT = Duration.ofSeconds(90);
    private static final Duration TO_CONVERGE = Duration.ofMinutes(3);

    TestProject project;
    Path logs;
    String snapshot;

    @BeforeAll
    void install(@TempDir Path tmp) throws Exception {
        project = TestProject.withExampleReleases(tmp.resolve("work"));
        logs = ShipshapeProcess.logDir(project.name);
        project.writeDesired("1.1.0");
        TestProject.Run apply = project.shipshape("apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        DbData.write(project, project.containerIds().get("db"), "before-the-upgrade");
    }

    @AfterAll
    void remove() {
        if (project != null) {
            SnapshotITs.removeCarriers(project);
            project.close();
        }
    }

    @Test
    @Order(1)
    void killedWhileTheVolumeIsReadTheNextApplySnapshotsAgainAndConverges() throws Exception {
        project.writeDesired("1.3.0");
        killAt(Failpoints.MID_SNAPSHOT, "apply", "--skip-preflight", "-f", project.desiredFile.toString());
        // the archive is written, the manifest is not: an incomplete snapshot; db was stopped for it
        List<Path> folders = folders(snapshots());
        assertThat(folders).singleElement().satisfies(f -> {
            assertThat(f.resolve(project.name + "_db-data.tar.gz")).exists();
            assertThat(f.resolve("manifest.json")).doesNotExist();
        });
        assertThat(project.containers()).filteredOn(c -> "db".equals(c.getLabels().get("com.docker.compose.service")))
                .singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("exited"));

        reapply();

        assertThat(project.get(project.apiPort, "/status.json")).contains("1.3.0");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("before-the-upgrade");
        assertThat(project.get(project.dbPort, "/migrations.log")).contains("migrate 1.3.0");
        // the incomplete snapshot is gone; the one taken again is complete
        List<Path> now = folders(snapshots());
        assertThat(now).singleElement().satisfies(f -> assertThat(f.resolve("manifest.json")).exists());
        snapshot = now.get(0).getFileName().toString();
    }

    @Test
    @Order(2)
    void killedWhenTheVolumeIsRecreatedEmptyTheNextApplyFinishesTheRestoreBeforeDbStarts() throws Exception {
        assertThat(snapshot).as("the snapshot of the case before").isNotNull();
        DbData.write(project, project.containerIds().get("db"), "written-after-the-snapshot");

        killAt(Failpoints.MID_RESTORE, "snapshot", "restore", snapshot, "-f", project.desiredFile.toString());
        // the marker says a restore runs; db (which used the volume) is removed, nothing runs on the empty volume
        assertThat(snapshots().resolve(snapshot).resolve("restoring")).exists();
        assertThat(project.containerIds()).doesNotContainKey("db");
        TestProject.Run list = SnapshotITs.snapshot(project, "list");
        assertThat(list.out()).contains("restore in progress");
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.out()).as(plan.toString()).contains("restore volumes " + project.name + "_db-data from snapshot " + snapshot)
                .doesNotContain("create db");

        reapply();

        // the data as the snapshot took it: before the upgrade (and before the migration, which is not run again)
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("before-the-upgrade");
        assertThat(project.get(project.dbPort, "/migrations.log")).isNull();
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.3.0");
        assertThat(snapshots().resolve(snapshot).resolve("restoring")).doesNotExist();
        assertThat(snapshots().resolve(snapshot).resolve("restored")).exists();
    }

    private void killAt(String failpoint, String... args) {
        try (ShipshapeProcess p = ShipshapeProcess.start(logs, Map.of(Failpoints.ENV, failpoint), args)) {
            p.awaitFailpoint(failpoint, TO_FAILPOINT);
            assertThat(p.kill()).as("killed by SIGKILL").isEqualTo(137);
        }
    }

    private void reapply() {
        TestProject.Run apply = ShipshapeProcess.run(logs, Map.of(), TO_CONVERGE, "apply", "--skip-preflight", "-f",
                project.desiredFile.toString());
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(apply.out()).as(apply.toString()).contains("converged: " + project.name + " runs 1.3.0");
        assertThat(project.containerIds()).as(apply.toString()).containsOnlyKeys("web", "api", "db", "cache");
        project.containers().forEach(c -> assertThat(c.getState()).as(c.getNames()[0]).isEqualTo("running"));
        assertThat(project.shipshape("plan").exitCode()).as("nothing left to do").isZero();
        assertThat(SnapshotITs.snapshot(project, "list").out()).doesNotContain("incomplete").doesNotContain("in progress");
    }

    private Path snapshots() {
        return project.projectDir().resolve(".shipshape/snapshots");
    }

    private static List<Path> folders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).toList();
        }
    }
}
