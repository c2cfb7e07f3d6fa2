package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.model.release.JobSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout policy for each outcome of a pass: no Docker, no files, no clock but the one in the facts. */
class RolloutPolicyTest {
    static final Version V1 = Version.parse("1.0.0");
    static final Version V2 = Version.parse("1.1.0");
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final RolloutPolicy.Facts FACTS = new RolloutPolicy.Facts("gen-2", V2, true, NOW);

    static final ServiceSpec API = new ServiceSpec("api", "reg/api:1.1.0", null, null, Map.of(), List.of(), null,
            List.of(), null, Map.of(), "host", null, null, null);
    static final Action RECREATE_API = new RecreateService(API, "h2", V2, "old-id", List.of("image"), null);
    static final Action DOWNLOAD = new DownloadRelease(V2, URI.create("https://example.com/s-1.1.0.zip"));

    static Plan upgrade(Action... actions) {
        return new Plan(V2, V1, List.of(actions), List.of(), List.of());
    }

    static Failure failure(Failure.Kind kind) {
        return new Failure(kind, "api did not become healthy within 60s", new RuntimeException("raised"));
    }

    static PassOutcome failed(Plan plan, Action action, Failure.Kind kind) {
        return new PassOutcome.Failed(plan, List.of(), action, failure(kind));
    }

    @Test
    void aConvergedPassIsDoneAndOneThatActedPassesAgain() {
        Plan converged = new Plan(V2, V2, List.of(), List.of(), List.of());
        assertThat(RolloutPolicy.decide(new PassOutcome.Acted(converged, List.of()), FACTS)).isEqualTo(new Decision.Done());
        Plan plan = upgrade(DOWNLOAD);
        assertThat(RolloutPolicy.decide(new PassOutcome.Acted(plan, List.of(DOWNLOAD)), FACTS)).isEqualTo(new Decision.Continue());
    }

    @Test
    void aPlanThatOnlyWaitsIsDoneForNow() {
        Plan waiting = new Plan(V2, V1, List.of(), List.of("the maintenance window opens at 02:00"), List.of());
        assertThat(RolloutPolicy.decide(new PassOutcome.Acted(waiting, List.of()), FACTS)).isEqualTo(new Decision.Done());
    }

    @Test
    void aSuspendedPassIsDoneAndACancelledOneYields() {
        assertThat(RolloutPolicy.decide(new PassOutcome.Suspended(upgrade(DOWNLOAD)), FACTS)).isEqualTo(new Decision.Done());
        assertThat(RolloutPolicy.decide(new PassOutcome.Cancelled(upgrade(DOWNLOAD), List.of(), "the desired file changed"), FACTS))
                .isEqualTo(new Decision.Yield("the desired file changed"));
    }

    @Test
    void aVerdictOnAnUpgradeRollsBackToTheInstalledVersionAndRecordsWhy() {
        Decision d = RolloutPolicy.decide(failed(upgrade(RECREATE_API), RECREATE_API, Failure.Kind.VERDICT), FACTS);

        assertThat(d).isEqualTo(new Decision.RollBack(new FailedRollout("gen-2", V2, V1, "api",
                "api did not become healthy within 60s", NOW)));
    }

    @Test
    void aFailedWindowRecordsTheServiceItFailedAtNotTheWindow() {
        ServiceSpec web = new ServiceSpec("web", "reg/web:1.1.0", null, null, Map.of(), List.of(), null,
                List.of(), null, Map.of(), "host", null, null, null);
        Action window = new dev.shipshape.model.plan.ReplaceWindow(List.of((RecreateService) RECREATE_API,
                new RecreateService(web, "h3", V2, "old-web", List.of("image"), null)), List.of(), V2);
        PassOutcome outcome = new PassOutcome.Failed(upgrade(window), List.of(), window,
                failure(Failure.Kind.VERDICT).inService("web"));

        Decision d = RolloutPolicy.decide(outcome, FACTS);

        assertThat(d).isInstanceOf(Decision.RollBack.class);
        assertThat(((Decision.RollBack) d).record().service()).isEqualTo("web");
    }

    @Test
    void withoutAutoRollbackTheFailedStateIsHeld() {
        var facts = new RolloutPolicy.Facts("gen-2", V2, false, NOW);
        Decision d = RolloutPolicy.decide(failed(upgrade(RECREATE_API), RECREATE_API, Failure.Kind.VERDICT), facts);

        assertThat(d).isInstanceOf(Decision.Hold.class);
        assertThat(((Decision.Hold) d).record().restoredVersion()).isEqualTo(V1);
    }

    @Test
    void aFirstInstallThatFailsIsHeldWithNothingToGoBackTo() {
        Action create = new CreateService(API, "h2", V2, "missing");
        Plan install = new Plan(V2, null, List.of(create), List.of(), List.of());

        Decision d = RolloutPolicy.decide(failed(install, create, Failure.Kind.VERDICT), FACTS);

        assertThat(d).isEqualTo(new Decision.Hold(new FailedRollout("gen-2", V2, null, "api",
                "api did not become healthy within 60s", NOW)));
    }

    @Test
    void everyActionThatRollsOutCanFailARollout() {
        Action start = new StartService("api", "cid", "stopped");
        Action job = new RunJob(new JobSpec("migrate", "api", List.of("/bin/migrate"), JobSpec.When.UPGRADE, List.of()), API, V2);
        for (Action a : List.of(RECREATE_API, start, job, new CreateService(API, "h2", V2, "missing"))) {
            assertThat(RolloutPolicy.decide(failed(upgrade(a), a, Failure.Kind.VERDICT), FACTS))
                    .as(a.kind()).isInstanceOf(Decision.RollBack.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Failure.Kind.class, names = "VERDICT", mode = EnumSource.Mode.EXCLUDE)
    void aFailureThatSaysNothingAboutTheReleaseIsRetried(Failure.Kind kind) {
        Decision d = RolloutPolicy.decide(failed(upgrade(RECREATE_API), RECREATE_API, kind), FACTS);

        assertThat(d).isInstanceOf(Decision.Retry.class);
        assertThat(((Decision.Retry) d).failure().kind()).isEqualTo(kind);
    }

    @Test
    void aVerdictOnAnActionThatRollsNothingOutIsRetried() {
        // a checksum that does not match is the same next time, but it is no rollout: nothing to roll back
        assertThat(RolloutPolicy.decide(failed(upgrade(DOWNLOAD), DOWNLOAD, Failure.Kind.VERDICT), FACTS))
                .isInstanceOf(Decision.Retry.class);
    }

    @Test
    void healingTheInstalledVersionIsNoRollout() {
        Action start = new StartService("api", "cid", "stopped");
        Plan heal = new Plan(V1, V1, List.of(start), List.of(), List.of());
        assertThat(RolloutPolicy.decide(failed(heal, start, Failure.Kind.VERDICT), FACTS)).isInstanceOf(Decision.Retry.class);
    }

    @Test
    void aFailedRollbackIsNotRolledBackAgain() {
        Plan rollback = new Plan(V1, V1, List.of(RECREATE_API), List.of(), List.of(), List.of(),
                new DesiredState.Rollback(V2, V1, "api: not healthy"));
        // installed is the restored version mid-way, or still the failed one: either way, no new record
        Plan midway = new Plan(V1, V2, List.of(RECREATE_API), List.of(), List.of(), List.of(),
                new DesiredState.Rollback(V2, V1, "api: not healthy"));
        assertThat(RolloutPolicy.decide(failed(rollback, RECREATE_API, Failure.Kind.VERDICT), FACTS)).isInstanceOf(Decision.Retry.class);
        assertThat(RolloutPolicy.decide(failed(midway, RECREATE_API, Failure.Kind.VERDICT), FACTS)).isInstanceOf(Decision.Retry.class);
    }
}
