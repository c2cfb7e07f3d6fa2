package dev.shipshape.controller.it;

import dev.shipshape.reconcilers.snapshots.Snapshots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Issue 19 against the real engine: an upgrade whose job rewrites the data in the db volume, then a version
 * whose api never becomes healthy. After the automatic rollback the volume's content is byte-identical to
 * what it was before the upgrade, and the previous version serves it; the messages say the data written since
 * the snapshot was discarded, and when.
 *
 * <p>The failing release is made here from the example's 1.3.0 (whose migrate job runs with the db service's
 * volume): version 1.5.0, a migrate job that rewrites {@code payload.txt} and adds a file, and an api whose
 * command exits at once.
 */
class SnapshotRollbackIT {
    private static final String FAILING = "1.5.0";
    /** The db's boot log: one line per start. */
    private static final String BOOTS = "data/www/boots";

    @RegisterExtension
    final RunningController fixture = RunningController.builder().withoutController().desired(null).eachTest().build();

    @AfterEach
    void removeCarriers() {
        SnapshotITs.removeCarriers(fixture.project());
    }

    @Test
    void afterTheAutomaticRollbackTheVolumeIsAsBeforeTheUpgradeAndThePreviousVersionServesIt() throws Exception {
        TestProject project = fixture.project();
        serveDataRewritingFailingRelease(project);
        project.writeDesired("1.1.0");
        TestProject.Run install = project.shipshape("apply");
        assertThat(install.exitCode()).as(install.toString()).isZero();
        DbData.write(project, project.containerIds().get("db"), "written-before-the-upgrade");
        Map<String, String> before = SnapshotITs.volumeContent(project);
        assertThat(before).containsKey("data/www/payload.txt");

        project.writeDesired(FAILING);
        TestProject.Run upgrade = project.shipshapeLogged("apply");

        assertThat(upgrade.exitCode()).as(upgrade.toString()).isEqualTo(1);
        assertThat(upgrade.out()).as(upgrade.toString()).contains("snapshot volumes " + project.name + "_db-data")
                .contains("run job migrate of " + FAILING).contains("restore volumes " + project.name + "_db-data");
        assertThat(upgrade.err()).as(upgrade.toString()).contains("rolled back to 1.1.0")
                .contains("the volumes are restored from snapshot").contains("data written since").contains("is discarded");
        // the previous version serves the data as it was before the upgrade, byte for byte
        assertThat(project.get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("written-before-the-upgrade");
        assertThat(project.get(project.dbPort, "/migrations.log")).isNull();
        // byte for byte, but for the line the db appends to its own boot log each time it starts (it started again on
        // the restored volume): that file is what it was plus that one line
        Map<String, String> after = SnapshotITs.volumeContent(project);
        assertThat(without(after, BOOTS)).isEqualTo(without(before, BOOTS));
        assertThat(after.get(BOOTS)).startsWith(before.get(BOOTS));
        assertThat(after.get(BOOTS).substring(before.get(BOOTS).length()).lines()).singleElement(as(STRING))
                .contains("start image=1.0.0");

        String rollout = Files.readString(project.projectDir().resolve(".shipshape/rollout.yaml"));
        assertThat(rollout).contains("snapshot: ").contains("discardedSince: ");
        TestProject.Run status = project.shipshape("status");
        assertThat(status.out()).as(status.toString()).contains("data written since").contains("discarded");
        TestProject.Run list = SnapshotITs.snapshot(project, "list");
        assertThat(list.out()).as(list.toString()).contains("1.1.0 -> " + FAILING).contains("restored at");
        // converged on 1.1.0, nothing left to do, no carrier left
        TestProject.Run plan = project.shipshape("plan");
        assertThat(plan.out()).as(plan.toString()).doesNotContain("restore").doesNotContain("snapshot volumes");
        assertThat(project.docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Snapshots.CARRIER_LABEL, project.name)).exec()).isEmpty();
    }

    @Test
    void aSnapshotTakenByHandWithThePausedDbIsRestoredByHandAndTheServicesComeBackHealthy() throws Exception {
        TestProject project = fixture.project();
        project.writeDesired("1.1.0");
        TestProject.Run install = project.shipshape("apply");
        assertThat(install.exitCode()).as(install.toString()).isZero();
        DbData.write(project, project.containerIds().get("db"), "kept-by-hand");
        Map<String, String> ids = project.containerIds();

        TestProject.Run create = SnapshotITs.snapshot(project, "create", "--consistency", "pause");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.out()).contains(project.name + "_db-data").contains("paused");
        // paused, not stopped: the same containers serve on
        assertThat(project.containerIds()).isEqualTo(ids);
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("kept-by-hand");
        String id = create.out().substring("snapshot ".length(), create.out().indexOf(':'));

        DbData.write(project, project.containerIds().get("db"), "written-after-the-snapshot");
        TestProject.Run restore = SnapshotITs.snapshot(project, "restore", id);
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("data written since").contains("restored: " + project.name);
        assertThat(project.get(project.dbPort, "/payload.txt")).contains("kept-by-hand");
        assertThat(project.get(project.apiPort, "/status.json")).contains("\"version\": \"1.1.0\"");
        assertThat(project.containerIds()).containsOnlyKeys("web", "api", "db");
    }

    private static Map<String, String> without(Map<String, String> content, String file) {
        Map<String, String> out = new TreeMap<>(content);
        out.remove(file);
        return out;
    }

    /** 1.3.0 as 1.5.0: its migrate job rewrites the data; its api exits at once, so it never becomes healthy. */
    static void serveDataRewritingFailingRelease(TestProject project) {
        Path release = TestEnvironment.repoRoot().resolve("examples/spacetech/release/1.3.0");
        String name = "spacetech-server-linux-x64-" + FAILING + ".zip";
        byte[] zip = ReleaseZips.zip(release, Map.of(
                "manifest.yaml", text -> {
                    String m = text.replace("${REGISTRY}", TestEnvironment.registry())
                            .replace("version: 1.3.0", "version: " + FAILING);
                    String migrate = "'case \"$MIGRATE_FAIL\" in";
                    assertThat(m).contains(migrate);
                    int start = m.indexOf(migrate);
                    int end = m.indexOf('\n', start);
                    return m.substring(0, start) + "'echo migrated-by-" + FAILING + " > /data/www/payload.txt;"
                            + " echo migrate-" + FAILING + " >> /data/www/migrations.log'" + m.substring(end);
                },
                "config/compose.yaml.tmpl", c -> {
                    String api = "  api:\n    image: \"{{images.api}}\"\n    command: [\"/bin/sh\", \"/app/run.sh\"]\n";
                    assertThat(c).contains(api);
                    return c.replace(api, "  api:\n    image: \"{{images.api}}\"\n    command: [\"/bin/sh\", \"-c\","
                            + " \"echo 'api " + FAILING + ": never healthy on purpose' >&2; exit 3\"]\n");
                }));
        project.releases.override(name, zip);
        project.releases.override(name + ".sha256", ReleaseZips.sha256File(zip, name));
    }
}

/** What the snapshot ITs share: the db volume's content as the engine's archive gives it, and clean-up. */
final class SnapshotITs {
    private SnapshotITs() {
    }

    /** Path to the content of every file (as text; its sha256 when larger than 64 KiB) and "dir" for every folder under /data of the db volume. */
    static Map<String, String> volumeContent(TestProject project) throws IOException {
        String db = project.containerIds().get("db");
        assertThat(db).as("the db container").isNotNull();
        try (InputStream tar = project.docker.copyArchiveFromContainerCmd(db, "/data").exec()) {
            return entries(tar);
        }
    }

    /** A minimal ustar reader: names (with GNU long names) and contents' sha256. */
    static Map<String, String> entries(InputStream tar) throws IOException {
        Map<String, String> out = new TreeMap<>();
        byte[] header = new byte[512];
        String longName = null;
        while (tar.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) {
                break;
            }
            String name = cString(header, 0, 100);
            String prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = Long.parseLong(cString(header, 124, 12).trim().isEmpty() ? "0" : cString(header, 124, 12).trim(), 8);
            char type = (char) header[156];
            byte[] body = tar.readNBytes((int) size);
            tar.skipNBytes((512 - size % 512) % 512);
            if (type == 'L') {
                longName = cString(body, 0, body.length);
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            out.put(name, type == '5' ? "dir" : body.length > 65536 ? sha256(body) : new String(body, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code shipshape snapshot <sub> -f FILE <args>}. */
    static TestProject.Run snapshot(TestProject project, String sub, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("snapshot", sub, "-f", project.desiredFile.toString()));
        all.addAll(java.util.List.of(args));
        int code = dev.shipshape.controller.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                all.toArray(String[]::new));
        TestProject.Run r = new TestProject.Run(code, out.toString(), err.toString());
        System.out.println("shipshape snapshot " + sub + " " + String.join(" ", args) + ": " + r);
        return r;
    }

    /** Removes the carrier containers of the project (a kill can leave one), so its volume can be removed. */
    static void removeCarriers(TestProject project) {
        project.docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Snapshots.CARRIER_LABEL, project.name))
                .exec().forEach(c -> project.docker.removeContainerCmd(c.getId()).withForce(true).exec());
    }

}
