package dev.shipshape.reconcilers.state;

import dev.shipshape.reconcilers.records.InstalledRecordStore;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PackagePrunerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    @Test
    void afterThreeUpgradesTheStoreHoldsTheInstalledAndThePreviousVersion() throws IOException {
        RecordInstalledReconciler record = new RecordInstalledReconciler(CLOCK);
        String[] versions = {"1.0.0", "1.1.0", "1.2.0", "1.3.0"};
        Version previous = null;
        ProjectContext project = null;
        for (String v : versions) {
            project = project(v);
            // the download of the new version puts it in the store, with its zip removed ...
            store(project, v);
            // ... and a successful upgrade records it
            record.reconcile(new RecordInstalled(Version.parse(v), previous), project).orThrow();
            previous = Version.parse(v);
            assertThat(new PackageStore(project.paths()).versions()).hasSizeLessThanOrEqualTo(2);
        }

        assertThat(new PackageStore(project.paths()).versions())
                .containsExactlyInAnyOrder(Version.parse("1.3.0"), Version.parse("1.2.0"));
        assertThat(listing(project.paths().packages())).containsExactlyInAnyOrder("1.2.0", "1.3.0");
        assertThat(project.records().installed().read().version()).isEqualTo(Version.parse("1.3.0"));
    }

    @Test
    void afterARollbackTheFailedVersionAndTheRestoredOneAreBothKept() throws IOException {
        ProjectContext project = project("1.1.0");
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            store(project, v);
        }
        InstalledRecordStore records = project.records().installed();
        InstalledRecord r = InstalledRecord.next(null, Version.parse("1.0.0"), CLOCK.instant());
        r = InstalledRecord.next(r, Version.parse("1.2.0"), CLOCK.instant());
        records.write(r);

        // 1.2.0 failed and was rolled back to 1.0.0; spec.version meanwhile says 1.1.0
        new RecordInstalledReconciler(CLOCK).reconcile(new RecordInstalled(Version.parse("1.0.0"), Version.parse("1.2.0")), project).orThrow();

        // history's last two entries (1.2.0, 1.0.0) and spec.version (1.1.0) stay
        assertThat(listing(project.paths().packages())).containsExactlyInAnyOrder("1.0.0", "1.1.0", "1.2.0");
    }

    @Test
    void neverPrunesAVersionTheLastTwoHistoryEntriesNameEvenWhenTheCallerForgetsIt() throws IOException {
        ProjectContext project = project("2.0.0");
        for (String v : List.of("1.0.0", "1.5.0", "2.0.0")) {
            store(project, v);
        }
        InstalledRecord r = InstalledRecord.next(null, Version.parse("1.0.0"), CLOCK.instant());
        r = InstalledRecord.next(r, Version.parse("1.5.0"), CLOCK.instant());
        r = InstalledRecord.next(r, Version.parse("2.0.0"), CLOCK.instant());

        new PackagePruner(project.paths()).prune(r, null, null, null);

        assertThat(listing(project.paths().packages())).containsExactlyInAnyOrder("1.5.0", "2.0.0");
    }

    @Test
    void removesStaleDownloadsAndPruneLeftoversButKeepsThoseOfKeptVersions() throws IOException {
        ProjectContext project = project("1.2.0");
        Files.createDirectories(project.paths().downloads());
        Path downloads = project.paths().downloads();
        Files.writeString(downloads.resolve("demo-server-linux-x64-1.0.0.zip"), "old");
        Files.writeString(downloads.resolve("demo-server-linux-x64-0.9.0.zip.part"), "old");
        Files.writeString(downloads.resolve("demo-server-linux-x64-1.2.0.zip.part"), "resume me");
        Files.createDirectories(project.paths().packages().resolve(PackagePruner.PRUNE_PREFIX + "0.9.0-0123456789ab/config"));
        store(project, "1.1.0");
        InstalledRecord r = InstalledRecord.next(null, Version.parse("1.1.0"), CLOCK.instant());

        new PackagePruner(project.paths()).prune(r, null, Version.parse("1.2.0"), project.desired().spec().source());

        assertThat(listing(downloads)).containsExactly("demo-server-linux-x64-1.2.0.zip.part");
        assertThat(listing(project.paths().packages())).containsExactly("1.1.0");
    }

    // ---- helpers ----

    private ProjectContext project(String version) {
        String yaml = "apiVersion: shipshape.dev/v1\n"
                + "kind: Server\n"
                + "metadata:\n"
                + "  name: demo\n"
                + "spec:\n"
                + "  version: " + version + "\n"
                + "  source:\n"
                + "    url: http://127.0.0.1:1/demo-server-linux-x64-{version}.zip\n"
                + "    insecure: true\n"
                + "  projectDir: projects/demo\n";
        return ProjectContext.of(DesiredFile.parse(tmp.resolve("demo.yaml"), yaml));
    }

    private static void store(ProjectContext project, String version) throws IOException {
        Path dir = Files.createDirectories(project.paths().packageDir(Version.parse(version)).resolve("config"));
        Files.writeString(dir.resolve("compose.yaml"), "services: {}\n");
        Files.writeString(dir.getParent().resolve("manifest.yaml"), "product: demo-server\nversion: " + version + "\nimages: {}\n");
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
