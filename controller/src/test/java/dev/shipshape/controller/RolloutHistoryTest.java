package dev.shipshape.controller;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.HistoryEntry;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout history the RolloutGuard writes where rollouts end (issue 18, part 4). */
class RolloutHistoryTest {
    static final Version V1 = Version.parse("1.0.0");
    static final Version V2 = Version.parse("1.1.0");
    static final ServiceSpec API = new ServiceSpec("api", "reg/api:1.1.0", null, null, Map.of(), List.of(), null,
            List.of(), null, Map.of(), "host", null, null, null);
    static final Action RECREATE_API = new RecreateService(API, "h2", V2, "old-id", List.of("image"), null);

    @TempDir
    Path tmp;

    private ProjectContext project() {
        DesiredFile file = DesiredFile.parse(tmp.resolve("server.yaml"), """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: shop
                spec:
                  version: 1.1.0
                  source:
                    url: https://releases.example.com/s-{version}.zip
                  projectDir: projects/shop
                """);
        return new ProjectContext(file, new ProjectPaths(tmp.resolve("projects/shop")), Cancellation.none());
    }

    @Test
    void aSucceededUpgradeIsRecordedWithItsDurationAndRestartedServices() {
        ManualClock clock = new ManualClock(Instant.parse("2026-12-05T01:00:00Z"));
        RolloutGuard guard = new RolloutGuard(clock);
        ProjectContext project = project();
        Plan plan = new Plan(V2, V1, List.of(RECREATE_API, new RecordInstalled(V2, V1)), List.of(), List.of());

        guard.passStarting(project);
        clock.advance(Duration.ofSeconds(7));
        guard.decide(project, new PassOutcome.Acted(plan, List.of(RECREATE_API)));
        assertThat(project.records().history().read()).as("not finished until the version is recorded").isEmpty();
        guard.passStarting(project);
        clock.advance(Duration.ofSeconds(3));
        guard.decide(project, new PassOutcome.Acted(plan, List.of(new RecordInstalled(V2, V1))));

        assertThat(project.records().history().read()).singleElement().satisfies(e -> {
            assertThat(e.from()).isEqualTo("1.0.0");
            assertThat(e.to()).isEqualTo("1.1.0");
            assertThat(e.result()).isEqualTo(HistoryEntry.Result.SUCCEEDED);
            assertThat(e.duration()).isEqualTo(Duration.ofSeconds(10));
            assertThat(e.services()).containsExactly("api");
            assertThat(e.trigger()).isEqualTo("desired file (spec.version)");
        });
    }

    @Test
    void aRolledBackUpgradeIsRecordedWithTheFailingServiceAndWhy() {
        RolloutGuard guard = new RolloutGuard(new ManualClock(Instant.parse("2026-12-05T01:00:00Z")));
        ProjectContext project = project();
        Plan plan = new Plan(V2, V1, List.of(RECREATE_API), List.of(), List.of());
        Decision d = guard.decide(project, new PassOutcome.Failed(plan, List.of(), RECREATE_API,
                new Failure(Failure.Kind.VERDICT, "not healthy within 60s", new RuntimeException("x"))));
        assertThat(d).isInstanceOf(Decision.RollBack.class);
        assertThat(project.records().history().read()).singleElement().satisfies(e -> {
            assertThat(e.result()).isEqualTo(HistoryEntry.Result.ROLLED_BACK);
            assertThat(e.service()).isEqualTo("api");
            assertThat(e.reason()).isEqualTo("not healthy within 60s");
        });
    }
}
