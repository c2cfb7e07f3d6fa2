package dev.shipshape.controller;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the rollback is decided, the record names the snapshot the failed rollout took and since when data is
 * discarded (the fact status, apply's message and a notification of the rollback carry), unless
 * restoreOnRollback is never or no snapshot of that rollout is complete.
 */
class RolloutGuardSnapshotTest {
    private static final Instant TAKEN = Instant.parse("2026-12-05T00:50:35Z");
    private static final Instant NOW = Instant.parse("2026-12-05T00:51:00Z");

    @TempDir
    Path tmp;

    private ProjectContext project(String rollout) throws Exception {
        Path file = tmp.resolve("server.yaml");
        String text = """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: guard
                spec:
                  version: 1.1.0
                  source:
                    url: nowhere/s-{version}.zip
                  projectDir: project
                  rollout:
                    healthTimeout: 30s
                %s""".formatted(rollout);
        Files.writeString(file, text);
        return ProjectContext.of(DesiredFile.parse(file, text), Cancellation.none());
    }

    private static void snapshot(ProjectContext project, String id, String from, String to, boolean complete) throws Exception {
        Path dir = project.paths().stateDir().resolve("snapshots").resolve(id);
        Files.createDirectories(dir);
        if (complete) {
            Files.writeString(dir.resolve("manifest.json"), """
                    {"formatVersion": 1, "id": "%s", "project": "guard", "from": "%s", "to": "%s", "takenAt": "%s",
                     "consistency": "stopped", "tookMillis": 10, "volumes": []}
                    """.formatted(id, from, to, TAKEN));
        }
    }

    private static Decision failedPass(ProjectContext project) {
        Plan plan = new Plan(Version.parse("1.1.0"), Version.parse("1.0.0"), List.of(), List.of(), List.of(), List.of(), null);
        PassOutcome outcome = new PassOutcome.Failed(plan, List.of(), new StartService("api", "c1", "x"),
                new Failure(Failure.Kind.VERDICT, "api: not healthy", null));
        return new RolloutGuard(Clock.fixed(NOW, ZoneOffset.UTC)).decide(project, outcome);
    }

    @Test
    void theRollbackRecordNamesTheSnapshotOfTheFailedRolloutAndSinceWhenDataIsDiscarded() throws Exception {
        ProjectContext project = project("");
        snapshot(project, "a-older", "0.9.0", "1.0.0", true);
        snapshot(project, "b-this", "1.0.0", "1.1.0", true);
        snapshot(project, "c-incomplete", "1.0.0", "1.1.0", false);

        Decision d = failedPass(project);

        FailedRollout record = ((Decision.RollBack) d).record();
        assertThat(record.snapshot()).isEqualTo("b-this");
        assertThat(record.discardedSince()).isEqualTo(TAKEN);
        assertThat(record.dataNote()).isEqualTo("the volumes are restored from snapshot b-this: data written since "
                + TAKEN + " is discarded");
        assertThat(project.records().rollouts().read()).contains(record);
        assertThat(Files.readString(project.paths().stateDir().resolve("rollout.yaml")))
                .contains("snapshot: b-this").contains("discardedSince: " + TAKEN);
    }

    @Test
    void withRestoreOnRollbackNeverOrWithoutASnapshotTheRecordNamesNone() throws Exception {
        ProjectContext never = project("    restoreOnRollback: never\n");
        snapshot(never, "b-this", "1.0.0", "1.1.0", true);
        assertThat(((Decision.RollBack) failedPass(never)).record().snapshot()).isNull();

        Files.delete(tmp.resolve("server.yaml"));
        ProjectContext none = project("");
        Path other = tmp.resolve("project/.shipshape/snapshots");
        try (var s = Files.walk(other)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        FailedRollout record = ((Decision.RollBack) failedPass(none)).record();
        assertThat(record.snapshot()).isNull();
        assertThat(record.dataNote()).isEmpty();
        assertThat(Files.readString(none.paths().stateDir().resolve("rollout.yaml"))).doesNotContain("snapshot");
    }
}
