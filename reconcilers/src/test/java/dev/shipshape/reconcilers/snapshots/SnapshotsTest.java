package dev.shipshape.reconcilers.snapshots;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.runtime.ContainerDefinition;
import dev.shipshape.reconcilers.runtime.FakeRuntime;
import dev.shipshape.reconcilers.runtime.Labels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshots against the in-memory runtime: refusals that change nothing, checksums, retention. */
class SnapshotsTest {
    private static final String VOLUME = "snap_data";
    private static final String IMAGE = "127.0.0.1:5000/snap/db:1";
    private static final byte[] DATA = "the volume's tar".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    FakeRuntime runtime;
    ProjectContext project;
    String db;

    @BeforeEach
    void setUp() throws Exception {
        Path file = tmp.resolve("server.yaml");
        String text = """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: snap
                spec:
                  version: 1.0.0
                  source:
                    url: nowhere/s-{version}.zip
                  projectDir: project
                """;
        Files.writeString(file, text);
        project = ProjectContext.of(DesiredFile.parse(file, text), Cancellation.none());
        runtime = new FakeRuntime().image(IMAGE);
        runtime.volumeContent(VOLUME, DATA);
        db = runtime.create(new ContainerDefinition("snap-db-1", IMAGE, Map.of(Labels.PROJECT, "snap", Labels.SERVICE, "db"),
                List.of(), null, null, null, null, null, null,
                List.of(new ContainerDefinition.Mount(ContainerDefinition.Mount.Kind.VOLUME, VOLUME, "/data", false)), "no"));
        runtime.start(db);
        runtime.clearCalls();
    }

    private Snapshots snapshots(long free) {
        return new Snapshots(runtime, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC), Failpoints.ENVIRONMENT,
                dir -> free);
    }

    private static Snapshots.Request request(int retention) {
        return new Snapshots.Request(Map.of(VOLUME, IMAGE), List.of("db"), List.of(), Version.parse("1.0.0"),
                Version.parse("1.1.0"), Rollout.Consistency.STOPPED, retention);
    }

    private SnapshotStore store() {
        return new SnapshotStore(project.paths());
    }

    @Test
    void aSnapshotIsChecksummedAndItsServiceRunsAgainAfterwards() throws Exception {
        SnapshotManifest m = snapshots(Long.MAX_VALUE).take(project, request(3));
        assertThat(runtime.calls()).containsSubsequence("stop snap-db-1", "read " + VOLUME + " via snap-snapshot-carrier-" + VOLUME,
                "start snap-db-1");
        Path archive = store().dir().resolve(m.id()).resolve(m.volumes().get(0).file());
        assertThat(m.volumes().get(0).sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive))));
        assertThat(m.volumes().get(0).tarBytes()).isEqualTo(DATA.length);
        assertThat(store().list()).singleElement().satisfies(s -> assertThat(s.complete()).isTrue());
    }

    @Test
    void noRoomIsRefusedWithFiguresBeforeAnythingStops() {
        assertThatThrownBy(() -> snapshots(1 << 20).take(project, request(3)))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("no room for a snapshot")
                .hasMessageContaining("needed")
                .hasMessageContaining("1.0 MiB free")
                .hasMessageContaining("spec.rollout.snapshot: none")
                .hasMessageContaining("Nothing was changed");
        assertThat(runtime.calls()).isEmpty();
        assertThat(store().list()).isEmpty();
    }

    @Test
    void anUnknownIdIsRefusedNamingTheIdsAndHowToListThemAndNothingChanges() {
        SnapshotManifest m = snapshots(Long.MAX_VALUE).take(project, request(3));
        runtime.clearCalls();
        assertThatThrownBy(() -> snapshots(Long.MAX_VALUE).restore(project, "no-such-id"))
                .isInstanceOf(SnapshotException.class)
                .hasMessageContaining("there is no snapshot no-such-id")
                .hasMessageContaining(m.id())
                .hasMessageContaining("shipshape snapshot list -f FILE")
                .hasMessageContaining("Nothing was changed");
        assertThatThrownBy(() -> snapshots(Long.MAX_VALUE).restore(project, "../escape"))
                .isInstanceOf(SnapshotException.class).hasMessageContaining("snapshot list");
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void aDamagedArchiveIsRefusedBeforeTheVolumeIsTouched() throws Exception {
        SnapshotManifest m = snapshots(Long.MAX_VALUE).take(project, request(3));
        Path archive = store().dir().resolve(m.id()).resolve(m.volumes().get(0).file());
        Files.write(archive, new byte[]{1, 2, 3});
        runtime.volumeContent(VOLUME, "newer".getBytes(StandardCharsets.UTF_8));
        runtime.clearCalls();
        assertThatThrownBy(() -> snapshots(Long.MAX_VALUE).restore(project, m.id()))
                .hasMessageContaining("does not match its checksum").hasMessageContaining("Nothing was changed");
        assertThat(runtime.calls()).isEmpty();
        assertThat(runtime.volumeContent(VOLUME)).isEqualTo("newer".getBytes(StandardCharsets.UTF_8));
        assertThat(store().list().get(0).restoring()).isFalse();
    }

    @Test
    void anIncompleteSnapshotIsNeverRestored() throws Exception {
        Files.createDirectories(store().dir().resolve("20260101T000000Z-before-1.1.0"));
        assertThatThrownBy(() -> snapshots(Long.MAX_VALUE).restore(project, "20260101T000000Z-before-1.1.0"))
                .hasMessageContaining("is incomplete").hasMessageContaining("never restored");
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestAndPrunesIncompleteOnes() throws Exception {
        Snapshots s = snapshots(Long.MAX_VALUE);
        Files.createDirectories(store().dir().resolve("00000000T000000Z-incomplete"));
        String first = s.take(project, request(2)).id();
        String second = s.take(project, request(2)).id();
        String third = s.take(project, request(2)).id();
        assertThat(store().list()).extracting(i -> i.id()).containsExactly(second, third).doesNotContain(first);
    }

    @Test
    void aVolumeTheNewVersionBringsIsNotThereYetAndIsSkipped() {
        SnapshotManifest m = snapshots(Long.MAX_VALUE).take(project, new Snapshots.Request(Map.of(VOLUME, IMAGE,
                "snap_new", IMAGE), List.of("db"), List.of(), Version.parse("1.0.0"), Version.parse("1.1.0"),
                Rollout.Consistency.STOPPED, 3));
        assertThat(m.volumes()).extracting(SnapshotManifest.VolumeEntry::name).containsExactly(VOLUME);
        assertThat(runtime.volumeNames()).doesNotContain("snap_new");
    }
}
