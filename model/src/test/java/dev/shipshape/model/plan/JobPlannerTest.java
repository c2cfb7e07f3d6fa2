package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.release.JobSpec;
import dev.shipshape.model.release.ReleaseManifest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.shipshape.model.plan.PlannerTest.PROJECT;
import static dev.shipshape.model.plan.PlannerTest.R1;
import static dev.shipshape.model.plan.PlannerTest.R2;
import static dev.shipshape.model.plan.PlannerTest.REG;
import static dev.shipshape.model.plan.PlannerTest.convergedV1;
import static dev.shipshape.model.plan.PlannerTest.desired;
import static dev.shipshape.model.plan.PlannerTest.describe;
import static dev.shipshape.model.plan.PlannerTest.images;
import static dev.shipshape.model.plan.PlannerTest.installed;
import static dev.shipshape.model.plan.PlannerTest.kinds;
import static dev.shipshape.model.plan.PlannerTest.manifest;
import static dev.shipshape.model.plan.PlannerTest.running;
import static dev.shipshape.model.plan.PlannerTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One-shot jobs in plans: when they are due and where they go. Reuses PlannerTest's builders. */
class JobPlannerTest {
    private final Planner planner = new Planner();

    static final JobSpec INIT = new JobSpec("init", "db", List.of("/bin/init"), JobSpec.When.INSTALL, List.of("db"));
    static final JobSpec MIGRATE = new JobSpec("migrate", "api", List.of("/bin/migrate"), JobSpec.When.UPGRADE, List.of("api"));
    static final List<JobSpec> JOBS = List.of(INIT, MIGRATE);

    static final ReleaseManifest M1_JOBS = manifest("1.0.0", null, JOBS, REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0");
    static final ReleaseManifest M2_JOBS = manifest("1.1.0", "1.0.0", JOBS, REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0");

    static ObservedState withCompleted(ObservedState o, String... keys) {
        return new ObservedState(o.storedPackages(), o.exportHash(), o.installed(), o.localImages(), o.containers(),
                Set.of(keys), Instant.EPOCH);
    }

    static ObservedState emptyHost() {
        return new ObservedState(Set.of(Version.parse("1.0.0")), null, null, Map.of(), List.of());
    }

    static List<RunJob> jobs(Plan p) {
        return p.actions().stream().filter(a -> a instanceof RunJob).map(a -> (RunJob) a).toList();
    }

    @Test
    void installJobRunsOnFirstInstallAfterExportBeforeTheServices() {
        Plan plan = planner.plan(desired(spec("1.0.0"), M1_JOBS, R1), emptyHost());
        assertThat(kinds(plan)).containsExactly("pull", "export", "job", "create", "create", "create", "record");
        RunJob init = (RunJob) plan.actions().get(2);
        assertThat(init.job()).isEqualTo(INIT);
        assertThat(init.spec()).isEqualTo(R1.compose().services().get("db"));
        assertThat(init.version()).isEqualTo(Version.parse("1.0.0"));
        assertThat(init.key()).isEqualTo("init@1.0.0");
        assertThat(init.describe()).isEqualTo("run job init of 1.0.0 (install, before db)");
        assertThat(init.disruptive()).isFalse();
    }

    @Test
    void installJobIsNeverRunOnUpgradesNorOnceRecorded() {
        Plan upgrade = planner.plan(desired(spec("1.1.0"), M2_JOBS, R2), convergedV1(running(R1, "1.0.0")));
        assertThat(jobs(upgrade)).extracting(j -> j.job().name()).containsExactly("migrate");
        // a first install interrupted after its job: the record holds
        assertThat(jobs(planner.plan(desired(spec("1.0.0"), M1_JOBS, R1), withCompleted(emptyHost(), "init@1.0.0")))).isEmpty();
        // once ever, whatever the version it ran with
        Plan other = planner.plan(desired(spec("1.1.0"), M2_JOBS, R2), withCompleted(
                new ObservedState(Set.of(Version.parse("1.1.0")), null, null, Map.of(), List.of()), "init@1.0.0"));
        assertThat(jobs(other)).isEmpty();
        assertThat(kinds(other)).contains("create");
    }

    @Test
    void upgradeJobRunsOnUpgradeBeforeTheFirstServiceAction() {
        Plan plan = planner.plan(desired(spec("1.1.0"), M2_JOBS, R2), convergedV1(running(R1, "1.0.0")));
        assertThat(kinds(plan)).containsExactly("pull", "export", "job", "recreate", "recreate", "record");
        RunJob migrate = (RunJob) plan.actions().get(2);
        assertThat(migrate.spec()).isEqualTo(R2.compose().services().get("api"));
        assertThat(migrate.version()).isEqualTo(Version.parse("1.1.0"));
        assertThat(migrate.describe()).isEqualTo("run job migrate of 1.1.0 (upgrade, before api)");
        assertThat(describe(plan)).contains("run job migrate of 1.1.0 (upgrade, before api)");
        assertThat(migrate.disruptive()).isTrue();
        assertThat(plan.actions().get(3)).isInstanceOf(RecreateService.class);
        assertThat(((RecreateService) plan.actions().get(3)).spec().name()).isEqualTo("api");
    }

    @Test
    void upgradeJobGoesFirstWhenPullAndExportAreDone() {
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.0.0"), Version.parse("1.1.0")), R2.exportHash(),
                installed("1.0.0"), images(REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0"), running(R1, "1.0.0"));
        Plan plan = planner.plan(desired(spec("1.1.0"), M2_JOBS, R2), obs);
        assertThat(kinds(plan)).containsExactly("job", "recreate", "recreate", "record");
    }

    @Test
    void upgradeJobWithoutBeforeRunsBeforeAllServices() {
        JobSpec any = new JobSpec("reindex", "db", List.of("/bin/reindex"), JobSpec.When.UPGRADE, null);
        ReleaseManifest m = manifest("1.1.0", "1.0.0", List.of(any), REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0");
        Plan plan = planner.plan(desired(spec("1.1.0"), m, R2), convergedV1(running(R1, "1.0.0")));
        // the job's service has a named volume: rollout.snapshot (default volumes) snapshots it before the job
        assertThat(kinds(plan)).containsExactly("pull", "export", "snapshot", "job", "recreate", "recreate", "record");
        assertThat(plan.actions().get(3).describe()).isEqualTo("run job reindex of 1.1.0 (upgrade)");
    }

    @Test
    void upgradeJobRecordedAsCompletedIsNotRunAgain() {
        Plan plan = planner.plan(desired(spec("1.1.0"), M2_JOBS, R2),
                withCompleted(convergedV1(running(R1, "1.0.0")), "migrate@1.1.0", "init@1.0.0"));
        assertThat(kinds(plan)).containsExactly("pull", "export", "recreate", "recreate", "record");
        // recorded for another version does not count
        Plan older = planner.plan(desired(spec("1.1.0"), M2_JOBS, R2),
                withCompleted(convergedV1(running(R1, "1.0.0")), "migrate@1.0.0"));
        assertThat(jobs(older)).hasSize(1);
    }

    @Test
    void noJobsOnAConvergedHost() {
        ObservedState v1 = convergedV1(running(R1, "1.0.0"));
        assertThat(planner.plan(desired(spec("1.0.0"), M1_JOBS, R1), v1).converged()).isTrue();
        ObservedState v2 = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.1.0"),
                images(REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0"), running(R2, "1.1.0"));
        assertThat(planner.plan(desired(spec("1.1.0"), M2_JOBS, R2), v2).converged()).isTrue();
    }

    @Test
    void noUpgradeJobOnADowngrade() {
        ObservedState v2 = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.1.0"),
                images(REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0"), running(R2, "1.1.0"));
        Plan plan = planner.plan(desired(spec("1.0.0", dev.shipshape.model.desired.RunState.RUNNING, true), M1_JOBS, R1), v2);
        assertThat(jobs(plan)).isEmpty();
        assertThat(kinds(plan)).contains("recreate");
    }

    @Test
    void jobsAreOfTheEffectiveTargetNotSpecVersion() {
        // spec.version 1.2.0 reached through 1.1.0: this reconciliation's target is 1.1.0
        DesiredState d = new DesiredState(PROJECT, spec("1.2.0"), M2_JOBS, List.of(), R2, Version.parse("1.1.0"),
                List.of(Version.parse("1.2.0")), null);
        Plan plan = planner.plan(d, convergedV1(running(R1, "1.0.0")));
        assertThat(jobs(plan)).singleElement().satisfies(j -> {
            assertThat(j.version()).isEqualTo(Version.parse("1.1.0"));
            assertThat(j.key()).isEqualTo("migrate@1.1.0");
        });
    }

    @Test
    void noJobsWhileTheReleaseIsNotRendered() {
        DesiredState d = new DesiredState(PROJECT, spec("1.0.0"), M1_JOBS, List.of("db.password"), null);
        assertThat(jobs(planner.plan(d, emptyHost()))).isEmpty();
    }

    @Test
    void jobOfAServiceTheReleaseLacksIsRefused() {
        JobSpec bad = new JobSpec("migrate", "apii", List.of("/bin/migrate"), JobSpec.When.UPGRADE, List.of("api"));
        ReleaseManifest m = manifest("1.1.0", "1.0.0", List.of(bad), REG + "db:1.0.0", REG + "api:1.1.0", REG + "web:1.1.0");
        assertThatThrownBy(() -> planner.plan(desired(spec("1.1.0"), m, R2), convergedV1(running(R1, "1.0.0"))))
                .isInstanceOf(PlanRefusedException.class).hasMessageContaining("migrate").hasMessageContaining("apii");
        JobSpec dup = new JobSpec("init", "db", List.of("/bin/x"), JobSpec.When.INSTALL, null);
        ReleaseManifest twice = manifest("1.0.0", null, List.of(INIT, dup), REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0");
        assertThatThrownBy(() -> planner.plan(desired(spec("1.0.0"), twice, R1), emptyHost()))
                .isInstanceOf(PlanRefusedException.class).hasMessageContaining("twice");
    }
}
