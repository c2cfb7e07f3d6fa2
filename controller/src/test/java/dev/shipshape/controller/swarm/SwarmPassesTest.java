package dev.shipshape.controller.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.plan.StopService;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.JobSpec;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.rollout.RolloutPolicy;
import dev.shipshape.model.swarm.SwarmRefusedException;
import dev.shipshape.model.swarm.SwarmRollout;
import dev.shipshape.model.swarm.SwarmServiceDefinition;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.swarm.ObservedService;
import dev.shipshape.reconcilers.swarm.ObservedTask;
import dev.shipshape.reconcilers.swarm.SwarmApi;
import dev.shipshape.reconcilers.swarm.SwarmDeployer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm's passes on an in-memory swarm: the host plan's local actions are kept and its container actions
 * replaced by the Swarm services' own; a service Swarm rolled back fails the pass as a verdict, which the one
 * RolloutPolicy answers with a rollback of the whole server.
 */
class SwarmPassesTest {
    static final String COMPOSE = """
            services:
              db:
                image: r/db:1
                network_mode: host
              api:
                image: r/api:2
                depends_on: {db: {condition: service_started}}
                network_mode: host
            """;
    static final Version V1 = Version.parse("1.0.0");
    static final Version V2 = Version.parse("2.0.0");

    @TempDir
    Path dir;

    /** An empty swarm whose services run at once, except one whose image holds "bad": Swarm rolls it back. */
    static final class MemorySwarm implements SwarmApi {
        final Map<String, ObservedService> services = new LinkedHashMap<>();
        final List<String> jobs = new ArrayList<>();
        /** Services whose task is still starting for that many more looks (Swarm just rolled them back). */
        final Map<String, Integer> startingFor = new LinkedHashMap<>();

        @Override
        public List<SwarmNode> nodes() {
            return List.of(new SwarmNode("n1", "node-1", "active", "ready", true));
        }

        @Override
        public String resolveDigest(String image) {
            return image.replace(":", "@sha256:") ;
        }

        @Override
        public List<ObservedService> services(String project) {
            return List.copyOf(services.values());
        }

        @Override
        public List<ObservedTask> tasks(String serviceId) {
            if (serviceId.startsWith("job-")) { // a job's one task, done
                return List.of(new ObservedTask(serviceId + ".1", serviceId, 1, "node-1", "", "complete", "complete", "", "t"));
            }
            ObservedService s = service(serviceId);
            if (s.replicas() != null && s.replicas() == 0) {
                return List.of();
            }
            int starting = startingFor.getOrDefault(serviceId, 0);
            if (starting > 0) {
                startingFor.put(serviceId, starting - 1);
            }
            return List.of(new ObservedTask(serviceId + ".1", serviceId, 1, "node-1", s.labels().get(SwarmDeployer.CONFIG_HASH),
                    starting > 0 ? "starting" : "running", "running", "", "t"));
        }

        @Override
        public ObservedService service(String serviceId) {
            return services.values().stream().filter(s -> s.id().equals(serviceId)).findFirst().orElse(null);
        }

        @Override
        public String create(SwarmServiceDefinition def, Map<String, String> labels, SwarmRollout rollout) {
            services.put(def.name(), new ObservedService("id-" + def.service(), def.name(), 1, labels, def.image(), 1, List.of(),
                    def.command(), def.image().contains("bad") ? "rollback_completed" : null, "rollback completed"));
            return "id-" + def.service();
        }

        @Override
        public void update(ObservedService current, SwarmServiceDefinition def, Map<String, String> labels, SwarmRollout rollout) {
            throw new AssertionError("no update expected");
        }

        @Override
        public String createJob(String name, SwarmServiceDefinition service, List<String> command, Map<String, String> labels) {
            jobs.add(name + " like " + service.service() + " " + command);
            return "job-" + name;
        }

        @Override
        public void remove(String serviceId) {
        }

        @Override
        public dev.shipshape.reconcilers.swarm.StackService inspect(String serviceId) {
            return stackMade.get(serviceId);
        }

        /** Services docker stack deploy made, by id: what they run beyond ObservedService. */
        final Map<String, dev.shipshape.reconcilers.swarm.StackService> stackMade = new LinkedHashMap<>();
        final List<String> relabelled = new ArrayList<>();

        @Override
        public void relabel(ObservedService current, Map<String, String> labels) {
            relabelled.add(current.name());
            Map<String, String> all = new LinkedHashMap<>(current.labels());
            all.putAll(labels);
            services.put(current.name(), new ObservedService(current.id(), current.name(), current.versionIndex() + 1, all,
                    current.image(), current.replicas(), current.env(), current.args(), current.updateState(), current.updateMessage()));
        }

        @Override
        public void scale(ObservedService current, int replicas) {
            services.put(current.name(), new ObservedService(current.id(), current.name(), current.versionIndex() + 1,
                    current.labels(), current.image(), replicas, current.env(), current.args(), current.updateState(),
                    current.updateMessage()));
        }

        @Override
        public Map<String, String> configs(String project) {
            return Map.of();
        }

        @Override
        public void ensureConfig(String project, SwarmServiceDefinition.CarriedFile file) {
        }

        @Override
        public boolean removeConfig(String id) {
            return true;
        }
    }

    ProjectContext project(String extraSpec) {
        String text = """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: shop
                spec:
                  version: 2.0.0
                  source:
                    url: https://example.com/s-{version}.zip
                  projectDir: project
                  runtime: swarm
                  rollout:
                    healthTimeout: 2s
                """ + extraSpec;
        return ProjectContext.of(DesiredFile.parse(dir.resolve("server.yaml"), text));
    }

    static DesiredState desired(ProjectContext project, String compose, List<JobSpec> jobs) {
        ComposeProject c = new ComposeParser("compose.yaml", p -> Optional.of("")).parse(compose);
        ReleaseManifest manifest = new ReleaseManifest("shop", V2, null, Map.of("db", ImageRef.parse("r/db:1"),
                "api", ImageRef.parse("r/api:2")), List.of(), jobs, List.of());
        return new DesiredState("shop", project.desired().spec(), manifest, List.of(), new RenderedRelease(c, Map.of()), V2,
                List.of(), null);
    }

    SwarmPasses passes(MemorySwarm swarm) {
        return new SwarmPasses(swarm, new SwarmDeployer(swarm, Clock.systemUTC(), Duration.ZERO));
    }

    /** One pass that creates every service of the release on the in-memory swarm. */
    static void install(SwarmPasses passes, DesiredState desired, ProjectContext project) {
        Plan install = passes.plan(desired, hostPlan(desired, List.of()), project);
        assertThat(passes.act(desired, install, project, p -> new PassOutcome.Acted(p, p.actions())))
                .isInstanceOf(PassOutcome.Acted.class);
    }

    static Plan hostPlan(DesiredState desired, List<Action> actions) {
        return new Plan(V2, V1, actions, List.of(), List.of());
    }

    @Test
    void keepsTheLocalActionsAndReplacesTheContainerActionsByTheSwarmServices() {
        ProjectContext project = project("");
        DesiredState desired = desired(project, COMPOSE, List.of());
        MemorySwarm swarm = new MemorySwarm();
        var api = desired.rendered().compose().services().get("api");
        Plan host = hostPlan(desired, List.of(new PullImages(List.of(ImageRef.parse("r/api:2")), List.of()),
                new RecreateService(api, "h", V2, "old-container", List.of("image"), null), new RecordInstalled(V2, V1)));
        Plan plan = passes(swarm).plan(desired, host, project);
        assertThat(plan.actions()).extracting(Action::describe)
                .containsExactly("create db (its Swarm service is missing)", "create api (its Swarm service is missing)",
                        new RecordInstalled(V2, V1).describe());

        Plan exporting = passes(swarm).plan(desired, hostPlan(desired, List.of(new ExportRelease(V2, List.of()),
                new RecordInstalled(V2, V1))), project);
        assertThat(exporting.actions()).hasSize(2).first().isInstanceOf(ExportRelease.class);
        assertThat(exporting.waitingFor()).anySatisfy(w -> assertThat(w).contains("Swarm services of 2.0.0"));
    }

    @Test
    void stateStoppedScalesEveryServiceToZeroInReverseStartOrderAndRunningPlansThemBack() {
        ProjectContext project = project("");
        DesiredState desired = desired(project, COMPOSE, List.of());
        MemorySwarm swarm = new MemorySwarm();
        SwarmPasses passes = passes(swarm);
        install(passes, desired, project);

        ProjectContext stoppedProject = project("  state: stopped\n");
        DesiredState stopped = desired(stoppedProject, COMPOSE, List.of());
        Plan stop = passes.plan(stopped, hostPlan(stopped, List.of()), stoppedProject);
        assertThat(stop.actions()).extracting(Action::describe)
                .containsExactly("stop api (state: stopped)", "stop db (state: stopped)");
        assertThat(stop.actions()).allSatisfy(a -> assertThat(a).isInstanceOf(StopService.class));

        PassOutcome outcome = passes.act(stopped, stop, stoppedProject, p -> {
            throw new AssertionError("nothing local to do: " + p.actions());
        });

        assertThat(outcome).isInstanceOf(PassOutcome.Acted.class);
        assertThat(outcome.done()).hasSize(2);
        assertThat(swarm.services.values()).extracting(ObservedService::replicas).containsOnly(0);
        assertThat(swarm.services.values()).allSatisfy(o -> assertThat(swarm.tasks(o.id())).isEmpty());
        assertThat(passes.plan(stopped, hostPlan(stopped, List.of()), stoppedProject).actions()).as("stopped: converged").isEmpty();

        Plan again = passes.plan(desired, hostPlan(desired, List.of()), project);
        assertThat(again.actions()).extracting(Action::describe)
                .containsExactly("start db (its Swarm service runs 0 tasks)", "start api (its Swarm service runs 0 tasks)");
        // a release changed meanwhile is an update, not a start: plan does not hide it
        DesiredState changed = desired(project, COMPOSE.replace("r/api:2", "r/api:3"), List.of());
        Plan upgrade = passes.plan(changed, hostPlan(changed, List.of()), project);
        assertThat(upgrade.actions()).extracting(Action::describe).contains("start db (its Swarm service runs 0 tasks)");
        assertThat(upgrade.actions()).filteredOn(a -> a instanceof RecreateService).extracting(Action::service)
                .containsExactly("api");
    }

    @Test
    void aRollbackPassWithNothingToChangeWaitsUntilTheServicesSwarmPutBackServeAgain() {
        ProjectContext project = project("");
        DesiredState desired = desired(project, COMPOSE, List.of());
        MemorySwarm swarm = new MemorySwarm();
        SwarmPasses passes = passes(swarm);
        install(passes, desired, project);
        // Swarm rolled api back to this very spec itself: nothing differs, but its task is not running yet
        swarm.startingFor.put("id-api", 3);
        Plan rollback = new Plan(V2, V2, List.of(), List.of(), List.of(), List.of(),
                new DesiredState.Rollback(Version.parse("3.0.0"), V2, "api: not healthy", null, null), List.of());
        Plan planned = passes.plan(desired, rollback, project);
        assertThat(planned.actions()).as("nothing to change").isEmpty();

        PassOutcome outcome = passes.act(desired, planned, project, p -> new PassOutcome.Acted(p, p.actions()));

        assertThat(outcome).isInstanceOf(PassOutcome.Acted.class);
        assertThat(swarm.startingFor.get("id-api")).as("the pass waited until api's task ran").isZero();
    }

    @Test
    void aServiceSwarmRolledBackIsAVerdictAndThePolicyRollsTheWholeServerBack() {
        ProjectContext project = project("");
        DesiredState desired = desired(project, COMPOSE.replace("r/api:2", "r/api:bad"), List.of());
        MemorySwarm swarm = new MemorySwarm();
        SwarmPasses passes = passes(swarm);
        Plan plan = passes.plan(desired, hostPlan(desired, List.of(new RecordInstalled(V2, V1))), project);
        List<Plan> local = new ArrayList<>();
        PassOutcome outcome = passes.act(desired, plan, project, p -> {
            local.add(p);
            return new PassOutcome.Acted(p, p.actions());
        });
        assertThat(local).as("the record is not reached").isEmpty();
        PassOutcome.Failed failed = (PassOutcome.Failed) outcome;
        assertThat(failed.action().service()).isEqualTo("api");
        assertThat(failed.done()).extracting(Action::service).containsExactly("db");
        assertThat(failed.failure().kind()).isEqualTo(Failure.Kind.VERDICT);
        assertThat(failed.failure().message()).startsWith("Swarm service shop_api: its new tasks did not run healthy");

        Decision decision = RolloutPolicy.decide(outcome, new RolloutPolicy.Facts("gen", V2, true, Instant.EPOCH));
        assertThat(decision).isInstanceOfSatisfying(Decision.RollBack.class, r -> {
            assertThat(r.record().failedVersion()).isEqualTo(V2);
            assertThat(r.record().restoredVersion()).isEqualTo(V1);
            assertThat(r.record().service()).isEqualTo("api");
        });
    }

    @Test
    void aDueJobRunsAsASwarmJobBeforeTheServicesAndIsRecorded() throws Exception {
        ProjectContext project = project("");
        JobSpec migrate = new JobSpec("migrate", "db", List.of("m"), JobSpec.When.UPGRADE, List.of("api"));
        DesiredState desired = desired(project, COMPOSE, List.of(migrate));
        MemorySwarm swarm = new MemorySwarm();
        SwarmPasses passes = passes(swarm);
        RunJob job = new RunJob(migrate, desired.rendered().compose().services().get("db"), V2);
        Plan plan = passes.plan(desired, hostPlan(desired, List.of(job, new RecordInstalled(V2, V1))), project);
        assertThat(plan.actions()).extracting(Action::describe).containsExactly(job.describe(),
                "create db (its Swarm service is missing)", "create api (its Swarm service is missing)",
                new RecordInstalled(V2, V1).describe());
        PassOutcome outcome = passes.act(desired, plan, project, p -> new PassOutcome.Acted(p, p.actions()));
        assertThat(outcome).isInstanceOf(PassOutcome.Acted.class);
        assertThat(outcome.done()).first().isEqualTo(job);
        assertThat(swarm.jobs).containsExactly("shop_job-migrate like db [m]");
        assertThat(project.records().jobs().completed()).contains(job.key());
    }

    @Test
    void aFileHoldsASecretWhenItContainsOneOfTheProjectsSecretValues() {
        var holds = dev.shipshape.reconcilers.export.SecretScanner.of(Map.of("api", Map.of("token", "0123456789abcdef")));
        assertThat(holds.foundIn("token: 0123456789abcdef\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isTrue();
        assertThat(holds.foundIn("<h1>welcome</h1>".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aStackDeployedServiceIsPlannedAsAdoptedWhenItMatchesElseRecreatedSayingWhy() {
        ProjectContext project = project("");
        DesiredState desired = desired(project, COMPOSE, List.of());
        MemorySwarm swarm = new MemorySwarm();
        // as docker stack deploy makes them from the export: the stack's label only, the image pinned with its tag
        swarm.services.put("shop_db", new ObservedService("stack-db", "shop_db", 3, Map.of(SwarmDeployer.STACK_NAMESPACE, "shop"),
                "r/db:1@sha256:1", 1, List.of(), List.of(), null, null));
        swarm.services.put("shop_api", new ObservedService("stack-api", "shop_api", 3, Map.of(SwarmDeployer.STACK_NAMESPACE, "shop"),
                "r/api:2@sha256:2", 1, List.of(), List.of(), null, null));
        swarm.stackMade.put("stack-db", new dev.shipshape.reconcilers.swarm.StackService(List.of(), List.of("host"), List.of(),
                List.of(), List.of()));
        swarm.stackMade.put("stack-api", new dev.shipshape.reconcilers.swarm.StackService(List.of(), List.of("shop_default"),
                List.of(), List.of(), List.of()));
        Plan plan = passes(swarm).plan(desired, hostPlan(desired, List.of(new RecordInstalled(V2, V1))), project);
        assertThat(plan.actions()).extracting(Action::describe).containsExactly(
                "adopt db (shop_db matches the release; kept as it is)",
                "recreate api (Swarm service shop_api made by docker stack deploy on network shop_default: replaced to run on the"
                        + " host network)",
                new RecordInstalled(V2, V1).describe());
        assertThat(plan.actions().get(0).why()).isEqualTo(dev.shipshape.model.plan.Reason.ADOPTED);
        assertThat(plan.actions().get(1).why()).isEqualTo(dev.shipshape.model.plan.Reason.HAND_MODIFIED);
    }
}
