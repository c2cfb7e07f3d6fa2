package dev.shipshape.controller.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The refusals of {@code shipshape snapshot}: they say how to see the ids, and change nothing. */
class SnapshotCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path desired() throws Exception {
        Path file = tmp.resolve("server.yaml");
        Files.writeString(file, """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: snapcli
                spec:
                  version: 1.0.0
                  source:
                    url: nowhere/s-{version}.zip
                  projectDir: project
                """);
        return file;
    }

    @Test
    void restoringOrDeletingAnUnknownIdIsRefusedSayingHowToSeeTheIdsAndChangesNothing() throws Exception {
        Path file = desired();
        Path complete = tmp.resolve("project/.shipshape/snapshots/20261205T000000Z-before-1.0.0");
        Files.createDirectories(complete);
        Files.writeString(complete.resolve("manifest.json"), """
                {"formatVersion": 1, "id": "20261205T000000Z-before-1.0.0", "project": "snapcli", "from": "0.9.0",
                 "to": "1.0.0", "takenAt": "2026-12-05T00:00:00Z", "consistency": "stopped", "tookMillis": 1, "volumes": []}
                """);
        for (String sub : new String[]{"restore", "delete"}) {
            Run r = run("snapshot", sub, "nope", "-f", file.toString());
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("there is no snapshot nope").contains("20261205T000000Z-before-1.0.0")
                    .contains("shipshape snapshot list -f FILE").contains("Nothing was changed");
        }
        Run bad = run("snapshot", "restore", "../etc", "-f", file.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("is not a snapshot id").contains("snapshot list");
        assertThat(complete.resolve("manifest.json")).exists();

        Run list = run("snapshot", "list", "-f", file.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("20261205T000000Z-before-1.0.0").contains("0.9.0 -> 1.0.0").contains("complete");
    }

    @Test
    void deleteRemovesTheSnapshot() throws Exception {
        Path file = desired();
        Path incomplete = tmp.resolve("project/.shipshape/snapshots/20261205T000000Z-manual");
        Files.createDirectories(incomplete);
        Run r = run("snapshot", "delete", "20261205T000000Z-manual", "-f", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(incomplete).doesNotExist();
    }
}
