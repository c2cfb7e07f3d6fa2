package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.desired.MaintenanceWindow;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.desired.RunState;
import dev.shipshape.model.desired.ServerSpec;
import dev.shipshape.model.desired.Source;
import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.release.JobSpec;
import dev.shipshape.model.release.ReleaseManifest;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.shipshape.model.plan.PlannerTest.M1;
import static dev.shipshape.model.plan.PlannerTest.M2;
import static dev.shipshape.model.plan.PlannerTest.PROJECT;
import static dev.shipshape.model.plan.PlannerTest.R1;
import static dev.shipshape.model.plan.PlannerTest.R2;
import static dev.shipshape.model.plan.PlannerTest.REG;
import static dev.shipshape.model.plan.PlannerTest.container;
import static dev.shipshape.model.plan.PlannerTest.images;
import static dev.shipshape.model.plan.PlannerTest.installed;
import static dev.shipshape.model.plan.PlannerTest.kinds;
import static dev.shipshape.model.plan.PlannerTest.running;
import static org.assertj.core.api.Assertions.assertThat;

/** The maintenance window in the planner (issue 4, part 5). */
class WindowPolicyTest {
    private final Planner planner = new Planner();

    /** Saturday and Sunday, 02:00 to 05:00 Berlin time. */
    static final MaintenanceWindow WEEKEND_NIGHTS = new MaintenanceWindow(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
            LocalTime.of(2, 0), LocalTime.of(5, 0), ZoneId.of("Europe/Berlin"));
    /** Monday 2024-06-03, 12:00 in Berlin: closed. */
    static final Instant CLOSED = Instant.parse("2024-06-03T10:00:00Z");
    /** Saturday 2024-06-08, 03:00 in Berlin: open. */
    static final Instant OPEN = Instant.parse("2024-06-08T01:00:00Z");
    static final String WAIT = "changes that restart services wait for the maintenance window: next opening 2024-06-08T02:00:00+02:00";

    static ServerSpec spec(String version, MaintenanceWindow window) {
        return new ServerSpec(Version.parse(version), new Source("https://releases.example.com/s-{version}.zip", null),
                "projects/spacetech", Map.of(), ImagePins.NONE,
                new Rollout(Duration.ofSeconds(60), true, false, window, RolloutStrategy.ONE_AT_A_TIME), RunState.RUNNING, false);
    }

    static DesiredState desired(String version, MaintenanceWindow window) {
        return version.equals("1.0.0") ? new DesiredState(PROJECT, spec(version, window), M1, List.of(), R1)
                : new DesiredState(PROJECT, spec(version, window), M2, List.of(), R2);
    }

    static final Map<String, String> ALL_IMAGES = images(REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0",
            REG + "api:1.1.0", REG + "web:1.1.0");

    /** 1.0.0 installed and its containers as given; the export is still 1.0.0's; only 1.0.0's images are local. */
    static ObservedState v1(List<ObservedContainer> containers, Instant at) {
        return new ObservedState(Set.of(Version.parse("1.0.0"), Version.parse("1.1.0")), R1.exportHash(), installed("1.0.0"),
                images(REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0"), containers, Set.of(), at);
    }

    static List<ObservedContainer> with(List<ObservedContainer> all, ObservedContainer replacement) {
        List<ObservedContainer> out = new ArrayList<>();
        for (ObservedContainer c : all) {
            out.add(c.service().equals(replacement.service()) ? replacement : c);
        }
        return out;
    }

    static List<ObservedContainer> without(List<ObservedContainer> all, String service) {
        return all.stream().filter(c -> !c.service().equals(service)).toList();
    }

    @Test
    void closedWindowHoldsRecreationsAndTheRecordAndSaysWhenTheyRun() {
        Plan plan = planner.plan(desired("1.1.0", WEEKEND_NIGHTS), v1(running(R1, "1.0.0"), CLOSED));
        // download/pull/export restart nothing: they still run, so the window is used for restarts only
        assertThat(kinds(plan)).containsExactly("pull", "export");
        assertThat(plan.actions()).noneMatch(Action::disruptive);
        assertThat(plan.waitingFor()).containsExactly(WAIT + " (2 restarts held)");
        assertThat(plan.converged()).isFalse();
        assertThat(WindowPolicy.onlyWaitingForWindow(plan)).isFalse();
        assertThat(plan.held()).as("the plan carries what it holds, for plan --output json").isNotNull();
        assertThat(plan.held().actions()).extracting(Action::kind).containsExactly("recreate", "recreate");
        assertThat(plan.held().nextOpening()).isNotNull();
        assertThat(plan.held().window()).isEqualTo(WEEKEND_NIGHTS.describe());

        // once pulled and exported, the plan only waits
        ObservedState done = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.0.0"), ALL_IMAGES,
                running(R1, "1.0.0"), Set.of(), CLOSED);
        Plan waiting = planner.plan(desired("1.1.0", WEEKEND_NIGHTS), done);
        assertThat(waiting.actions()).isEmpty();
        assertThat(waiting.waitingFor()).containsExactly(WAIT + " (2 restarts held)");
        assertThat(waiting.converged()).isFalse();
        assertThat(WindowPolicy.onlyWaitingForWindow(waiting)).isTrue();
    }

    @Test
    void decisionListsWhatIsHeldAndTheNextOpening() {
        ObservedState done = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.0.0"), ALL_IMAGES,
                running(R1, "1.0.0"), Set.of(), CLOSED);
        Plan unwindowed = planner.plan(desired("1.1.0", null), done);
        WindowPolicy.Decision d = WindowPolicy.apply(desired("1.1.0", WEEKEND_NIGHTS), done, unwindowed.actions());
        assertThat(d.holding()).isTrue();
        assertThat(d.held()).extracting(Action::kind).containsExactly("recreate", "recreate");
        assertThat(d.actions()).isEmpty();
        assertThat(d.nextOpening()).contains(Instant.parse("2024-06-08T00:00:00Z"));
    }

    @Test
    void configurationChangeWaitsToo() {
        DesiredState changed = new DesiredState(PROJECT, spec("1.0.0", WEEKEND_NIGHTS), M1, List.of(),
                PlannerTest.rendered(PlannerTest.compose(REG + "db:1.0.0", REG + "api:1.0.0", REG + "web:1.0.0", "hi"),
                        PlannerTest.V1_FILES));
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.0.0")), changed.rendered().exportHash(), installed("1.0.0"),
                PlannerTest.V1_IMAGES, running(R1, "1.0.0"), Set.of(), CLOSED);
        Plan plan = planner.plan(changed, obs);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.waitingFor()).containsExactly(WAIT + " (1 restart held)");
    }

    @Test
    void openWindowLetsRecreationsThrough() {
        Plan plan = planner.plan(desired("1.1.0", WEEKEND_NIGHTS), v1(running(R1, "1.0.0"), OPEN));
        assertThat(kinds(plan)).containsExactly("pull", "export", "recreate", "recreate", "record");
        assertThat(plan.waitingFor()).isEmpty();
    }

    @Test
    void noWindowIsUnchangedBehaviour() {
        for (Instant at : List.of(CLOSED, OPEN, Instant.EPOCH)) {
            Plan none = planner.plan(desired("1.1.0", null), v1(running(R1, "1.0.0"), at));
            assertThat(kinds(none)).containsExactly("pull", "export", "recreate", "recreate", "record");
            assertThat(none.waitingFor()).isEmpty();
            assertThat(none).isEqualTo(planner.plan(desired("1.1.0", WEEKEND_NIGHTS), v1(running(R1, "1.0.0"), OPEN)));
        }
    }

    @Test
    void convergedHostStaysConvergedWhileTheWindowIsClosed() {
        Plan plan = planner.plan(desired("1.0.0", WEEKEND_NIGHTS), v1(running(R1, "1.0.0"), CLOSED));
        assertThat(plan.converged()).isTrue();
    }

    @Test
    void missingContainerIsCreatedEvenWhenTheWindowIsClosed() {
        Plan plan = planner.plan(desired("1.0.0", WEEKEND_NIGHTS), v1(without(running(R1, "1.0.0"), "api"), CLOSED));
        assertThat(kinds(plan)).containsExactly("create");
        assertThat(plan.waitingFor()).isEmpty();
    }

    @Test
    void stoppedContainerIsStartedEvenWhenTheWindowIsClosed() {
        List<ObservedContainer> c = with(running(R1, "1.0.0"), container(R1, "web", ContainerState.EXITED, "1.0.0"));
        Plan plan = planner.plan(desired("1.0.0", WEEKEND_NIGHTS), v1(c, CLOSED));
        assertThat(kinds(plan)).containsExactly("start");
        assertThat(plan.waitingFor()).isEmpty();
    }

    @Test
    void duringAHeldUpgradeMissingAndDeadContainersAreHealedAndRunningOnesWait() {
        // api was removed, web died: both are healed (at the new version), db keeps running; nothing running restarts.
        List<ObservedContainer> c = with(without(running(R1, "1.0.0"), "api"), container(R1, "web", ContainerState.EXITED, "1.0.0"));
        ObservedState obs = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.0.0"), ALL_IMAGES,
                c, Set.of(), CLOSED);
        Plan plan = planner.plan(desired("1.1.0", WEEKEND_NIGHTS), obs);
        assertThat(kinds(plan)).containsExactly("create", "recreate", "record");
        assertThat(plan.waitingFor()).isEmpty();

        // the same with web running: web waits, and so does the record
        obs = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.0.0"), ALL_IMAGES,
                without(running(R1, "1.0.0"), "api"), Set.of(), CLOSED);
        plan = planner.plan(desired("1.1.0", WEEKEND_NIGHTS), obs);
        assertThat(kinds(plan)).containsExactly("create");
        assertThat(plan.waitingFor()).containsExactly(WAIT + " (1 restart held)");
    }

    @Test
    void runningOrphanWaitsAndAStoppedOneIsRemoved() {
        ObservedContainer orphan = new ObservedContainer("cid-report", PROJECT + "-report-1", "report", REG + "report:1.0.0",
                "id-report", "h", "1.0.0", ContainerState.RUNNING, Health.HEALTHY, true);
        List<ObservedContainer> c = new ArrayList<>(running(R1, "1.0.0"));
        c.add(orphan);
        Plan plan = planner.plan(desired("1.0.0", WEEKEND_NIGHTS), v1(c, CLOSED));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.waitingFor()).containsExactly(WAIT + " (1 restart held)");

        c.set(3, new ObservedContainer("cid-report", PROJECT + "-report-1", "report", REG + "report:1.0.0",
                "id-report", "h", "1.0.0", ContainerState.EXITED, Health.NONE, true));
        plan = planner.plan(desired("1.0.0", WEEKEND_NIGHTS), v1(c, CLOSED));
        assertThat(kinds(plan)).containsExactly("remove");
        assertThat(plan.waitingFor()).isEmpty();

        c.set(3, orphan);
        assertThat(kinds(planner.plan(desired("1.0.0", WEEKEND_NIGHTS), v1(c, OPEN)))).containsExactly("remove");
    }

    @Test
    void upgradeJobWaitsWithTheRestartsItGates() {
        JobSpec migrate = new JobSpec("migrate", "api", List.of("/bin/migrate"), JobSpec.When.UPGRADE, List.of("api"));
        ReleaseManifest m2 = new ReleaseManifest(M2.product(), M2.version(), M2.upgradeFrom(), M2.images(), M2.secrets(),
                List.of(migrate), M2.notices());
        DesiredState d = new DesiredState(PROJECT, spec("1.1.0", WEEKEND_NIGHTS), m2, List.of(), R2);
        ObservedState done = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.0.0"), ALL_IMAGES,
                running(R1, "1.0.0"), Set.of(), CLOSED);
        Plan plan = planner.plan(d, done);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.waitingFor()).containsExactly(WAIT + " (2 restarts and 1 upgrade job held)");

        Plan open = planner.plan(d, new ObservedState(done.storedPackages(), done.exportHash(), done.installed(),
                done.localImages(), done.containers(), Set.of(), OPEN));
        assertThat(kinds(open)).containsExactly("job", "recreate", "recreate", "record");
    }

    @Test
    void anApprovalHoldsRestartsAsTheWindowDoesUntilItCoversTheTarget() {
        ObservedState done = new ObservedState(Set.of(Version.parse("1.1.0")), R2.exportHash(), installed("1.0.0"), ALL_IMAGES,
                running(R1, "1.0.0"), Set.of(), OPEN);
        DesiredState desired = desired("1.1.0", null);
        Plan plan = planner.plan(desired, done);
        Plan held = ApprovalPolicy.apply(plan, desired, done, Version.parse("1.1.0"), false);
        assertThat(held.actions()).isEmpty();
        assertThat(held.waitingFor()).containsExactly("changes that restart services wait for approval of 1.1.0"
                + " (2 restarts held): run shipshape approve -f FILE --version 1.1.0");
        assertThat(ApprovalPolicy.waiting(held)).isTrue();
        assertThat(ApprovalPolicy.apply(plan, desired, done, Version.parse("1.1.0"), true)).isSameAs(plan);

        // healing (a stopped container started again) never waits
        ObservedState stopped = new ObservedState(Set.of(Version.parse("1.0.0")), R1.exportHash(), installed("1.0.0"),
                ALL_IMAGES, List.of(), Set.of(), OPEN);
        Plan heal = planner.plan(desired("1.0.0", null), stopped);
        assertThat(ApprovalPolicy.apply(heal, desired("1.0.0", null), stopped, Version.parse("1.0.0"), false)).isSameAs(heal);
    }
}
