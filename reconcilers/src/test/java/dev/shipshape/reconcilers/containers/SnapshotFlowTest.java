package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.desired.RunState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.Reason;
import dev.shipshape.model.plan.RestoreSnapshot;
import dev.shipshape.model.snapshot.SnapshotInfo;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.runtime.FakeRuntime;
import dev.shipshape.reconcilers.snapshots.SnapshotStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static dev.shipshape.reconcilers.containers.FakeServer.PROJECT;
import static dev.shipshape.reconcilers.containers.FakeServer.REG;
import static dev.shipshape.reconcilers.containers.FakeServer.V1;
import static dev.shipshape.reconcilers.containers.FakeServer.V2;
import static dev.shipshape.reconcilers.containers.FakeServer.crashAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Volume snapshots over the in-memory server (issue 19): the order of the runtime calls when an upgrade
 * snapshots the volume of the service it recreates, the restore a rollback plans before the previous version
 * starts, and what the next pass finishes after a crash during the snapshot and during the restore.
 */
class SnapshotFlowTest {
    private static final String VOLUME = PROJECT + "_db-data";
    private static final byte[] V1_DATA = "the data 1.0.0 wrote".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MIGRATED = "the data 1.1.0 migrated".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    FakeServer server;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeServer(tmp);
        server.converge(server.desired(V1));
        server.runtime.volumeContent(VOLUME, V1_DATA);
        server.runtime.clearCalls();
    }

    /** 1.1.0 with a new db image: the db (and its volume) is recreated. */
    private DesiredState upgrade() {
        return server.desired(V2, RunState.RUNNING, "1.1.0", null);
    }

    private DesiredState rollback(SnapshotInfo snapshot) {
        return server.desired(V1, RunState.RUNNING, "1.0.0",
                new DesiredState.Rollback(V2, V1, "db: exited with 1", snapshot.id(), snapshot.takenAt()));
    }

    private List<SnapshotInfo> snapshots() {
        return new SnapshotStore(server.context.paths()).list();
    }

    private static List<String> kinds(Plan plan) {
        return plan.actions().stream().map(Action::kind).toList();
    }

    private static String db() {
        return PROJECT + "-db-1";
    }

    /** The failed upgrade: the snapshot is taken, the new db never comes up, and it rewrote the data meanwhile. */
    private SnapshotInfo failedUpgrade() {
        server.runtime.behave(REG + "db:1.1.0", FakeRuntime.Behaviour.EXITS);
        assertThatThrownBy(() -> server.pass(upgrade())).hasMessageContaining("db");
        server.runtime.volumeContent(VOLUME, MIGRATED);
        assertThat(snapshots()).hasSize(1);
        return snapshots().get(0);
    }

    @Test
    void anUpgradeThatRecreatesAServiceWithAVolumeSnapshotsItFirstInTheServicesOwnOutage() throws Exception {
        Plan plan = server.plan(upgrade());
        assertThat(kinds(plan)).startsWith("snapshot", "recreate");
        assertThat(plan.actions().get(0).why()).isEqualTo(Reason.SNAPSHOT_BEFORE_UPGRADE);

        String oldDb = server.runtime.inspect(db()).orElseThrow().id();
        server.pass(upgrade());

        List<String> calls = server.runtime.calls();
        String carrier = PROJECT + "-snapshot-carrier-" + VOLUME;
        assertThat(calls).containsSubsequence("stop " + db(), "create " + carrier, "read " + VOLUME + " via " + carrier,
                "remove " + carrier, "create " + RecreateServiceReconciler.replacementName(db(), oldDb));
        // the db stays down from the snapshot until its replacement starts: one outage, not two
        assertThat(calls.subList(calls.indexOf("stop " + db()), calls.size())).doesNotContain("start " + db());
        assertThat(server.runtime.status(db())).contains("running");
        assertThat(server.runtime.inspect(db()).orElseThrow().labels()).containsEntry("dev.shipshape.version", "1.1.0");

        SnapshotInfo s = snapshots().get(0);
        assertThat(s.complete()).isTrue();
        assertThat(s.from()).isEqualTo(V1);
        assertThat(s.to()).isEqualTo(V2);
        assertThat(s.volumes()).containsExactly(VOLUME);
        assertThat(archived(s)).isEqualTo(V1_DATA);
        // once per rollout: the next pass does not snapshot again
        assertThat(server.plan(upgrade()).actions()).isEmpty();
    }

    @Test
    void aWindowThatReplacesTheServiceWithAVolumeSnapshotsItFirstToo() throws Exception {
        server.strategy = dev.shipshape.model.desired.RolloutStrategy.WINDOW;
        Plan plan = server.plan(upgrade());
        assertThat(kinds(plan)).startsWith("snapshot", "window");

        server.pass(upgrade());

        List<String> calls = server.runtime.calls();
        assertThat(calls).containsSubsequence("stop " + db(), "read " + VOLUME + " via " + PROJECT + "-snapshot-carrier-" + VOLUME);
        // the db stays down from the snapshot until the window starts its replacement
        assertThat(calls.subList(calls.indexOf("stop " + db()), calls.size())).doesNotContain("start " + db());
        assertThat(server.runtime.inspect(db()).orElseThrow().labels()).containsEntry("dev.shipshape.version", "1.1.0");
        assertThat(snapshots()).singleElement().satisfies(s -> {
            assertThat(s.complete()).isTrue();
            assertThat(s.volumes()).containsExactly(VOLUME);
        });
        assertThat(archived(snapshots().get(0))).isEqualTo(V1_DATA);
    }

    @Test
    void withConsistencyPauseTheServiceIsPausedNotStopped() {
        Rollout d = Rollout.DEFAULTS;
        server.rollout = new Rollout(d.healthTimeout(), true, false, null, Rollout.Snapshot.VOLUMES,
                Rollout.Consistency.PAUSE, true, 3);
        server.pass(upgrade());
        List<String> calls = server.runtime.calls();
        assertThat(calls).containsSubsequence("pause " + db(), "read " + VOLUME + " via " + PROJECT + "-snapshot-carrier-" + VOLUME,
                "unpause " + db(), "stop " + db());
        assertThat(calls.indexOf("stop " + db())).isGreaterThan(calls.indexOf("unpause " + db()));
    }

    @Test
    void withSnapshotNoneNothingIsSnapshotted() {
        Rollout d = Rollout.DEFAULTS;
        server.rollout = new Rollout(d.healthTimeout(), true, false, null, Rollout.Snapshot.NONE, null, true, 3);
        assertThat(kinds(server.plan(upgrade()))).doesNotContain("snapshot");
    }

    @Test
    void anUpgradeThatTouchesNoVolumeTakesNoSnapshot() {
        // 1.1.0 of api and web only: db (the only service with a volume) is not recreated
        assertThat(kinds(server.plan(server.desired(V2)))).doesNotContain("snapshot");
    }

    @Test
    void aRollbackRestoresTheVolumeBeforeThePreviousVersionStartsAndItServesTheDataAsItWas() throws Exception {
        SnapshotInfo s = failedUpgrade();

        Plan back = server.plan(rollback(s));
        assertThat(kinds(back)).containsExactly("restore");
        assertThat(back.actions().get(0).why()).isEqualTo(Reason.ROLLBACK_RESTORE);
        assertThat(back.actions().get(0).describe()).contains("data written since " + s.takenAt() + " is discarded");

        server.runtime.clearCalls();
        server.converge(rollback(s));

        assertThat(server.runtime.volumeContent(VOLUME)).isEqualTo(V1_DATA);
        List<String> calls = server.runtime.calls();
        // the volume is refilled before any db container starts again
        assertThat(calls).containsSubsequence("remove-volume " + VOLUME, "write " + VOLUME + " via " + PROJECT
                + "-snapshot-carrier-" + VOLUME, "create " + db(), "start " + db());
        assertThat(server.runtime.status(db())).contains("running");
        assertThat(server.runtime.inspect(db()).orElseThrow().labels()).containsEntry("dev.shipshape.version", "1.0.0");
        assertThat(snapshots().get(0).restoredAt()).isNotNull();
        assertThat(snapshots().get(0).restoring()).isFalse();
        // restored once: the next pass does not restore again
        assertThat(server.plan(rollback(snapshots().get(0))).actions()).isEmpty();
    }

    @Test
    void withRestoreOnRollbackNeverTheDataIsKept() {
        SnapshotInfo s = failedUpgrade();
        Rollout d = Rollout.DEFAULTS;
        server.rollout = new Rollout(d.healthTimeout(), true, false, null, Rollout.Snapshot.VOLUMES, null, false, 3);
        assertThat(kinds(server.plan(rollback(s)))).doesNotContain("restore");
    }

    @Test
    void aCrashDuringTheSnapshotLeavesAnIncompleteOneThatIsNeverRestoredAndTheNextPassTakesItAgain() throws Exception {
        assertThatThrownBy(() -> server.pass(upgrade(), crashAt(Failpoints.MID_SNAPSHOT)))
                .isInstanceOf(FakeServer.Killed.class);
        assertThat(snapshots()).singleElement().satisfies(s -> assertThat(s.complete()).isFalse());
        // an incomplete snapshot is nothing a rollback could restore
        SnapshotInfo incomplete = snapshots().get(0);
        assertThat(incomplete.takenFor(V1, V2)).isFalse();

        server.converge(upgrade());

        // the incomplete one was pruned; the one taken again is complete
        assertThat(snapshots()).singleElement().satisfies(s -> assertThat(s.complete()).isTrue());
        assertThat(archived(snapshots().get(0))).isEqualTo(V1_DATA);
        assertThat(server.runtime.status(db())).contains("running");
    }

    @Test
    void aCrashDuringTheRestoreIsFinishedByTheNextPassBeforeAnythingStartsOnTheVolume() throws Exception {
        SnapshotInfo s = failedUpgrade();
        assertThatThrownBy(() -> server.pass(rollback(s), crashAt(Failpoints.MID_RESTORE)))
                .isInstanceOf(FakeServer.Killed.class);
        // the volume is there, and empty: the worst moment
        assertThat(server.runtime.volumeContent(VOLUME)).isEmpty();
        assertThat(snapshots().get(0).restoring()).isTrue();

        // whatever the desired state is now, the restore is finished first, and alone
        for (DesiredState any : List.of(rollback(snapshots().get(0)), server.desired(V1), upgrade())) {
            Plan plan = server.plan(any);
            assertThat(kinds(plan)).containsExactly("restore");
            assertThat(plan.actions().get(0).why()).isEqualTo(Reason.RESTORE_UNFINISHED);
            assertThat(((RestoreSnapshot) plan.actions().get(0)).snapshotId()).isEqualTo(s.id());
        }
        server.runtime.clearCalls();
        server.converge(rollback(snapshots().get(0)));

        assertThat(server.runtime.volumeContent(VOLUME)).isEqualTo(V1_DATA);
        List<String> calls = server.runtime.calls();
        assertThat(calls.indexOf("start " + db())).isGreaterThan(calls.indexOf("write " + VOLUME + " via " + PROJECT
                + "-snapshot-carrier-" + VOLUME));
        assertThat(snapshots().get(0).restoring()).isFalse();
        assertThat(server.runtime.status(db())).contains("running");
    }

    /** The uncompressed archive of the snapshot's one volume (the fake's volume content). */
    private byte[] archived(SnapshotInfo s) throws Exception {
        Path file = new SnapshotStore(server.context.paths()).dir().resolve(s.id()).resolve(VOLUME + ".tar.gz");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            return in.readAllBytes();
        }
    }

}
