package dev.shipshape.reconcilers.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.swarm.SwarmRollout;
import dev.shipshape.model.swarm.SwarmServiceDefinition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** SwarmDeployer against an in-memory swarm whose tasks run at once (or never, for a chosen image). */
class SwarmDeployerTest {
    static SwarmServiceDefinition def(String service, String image, int replicas, List<String> dependsOn) {
        return new SwarmServiceDefinition("p", service, image, null, List.of("run"), Map.of("A", "1"), null, List.of(), List.of(),
                null, null, null, replicas, List.of(), Map.of(), dependsOn);
    }

    /** Services whose image contains "bad" never run: Swarm rolls their update back (or, created, they stay pending). */
    static class MemorySwarm implements SwarmApi {
        final Map<String, ObservedService> services = new LinkedHashMap<>();
        final Map<String, String> hashes = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        /** Services whose tasks don't run whatever their image (restarting). */
        final java.util.Set<String> down = new java.util.HashSet<>();
        int ids;

        @Override
        public List<SwarmNode> nodes() {
            return List.of(new SwarmNode("n", "node-1", "active", "ready", true));
        }

        @Override
        public String resolveDigest(String image) {
            return image;
        }

        @Override
        public List<ObservedService> services(String project) {
            return List.copyOf(services.values());
        }

        @Override
        public List<ObservedTask> tasks(String serviceId) {
            if (jobs.containsKey(serviceId)) {
                String state = jobs.get(serviceId);
                return List.of(new ObservedTask(serviceId + ".1", serviceId, 1, "node-1", "", state, "complete",
                        state.equals("failed") ? "task: non-zero exit (1)" : "", "t"));
            }
            ObservedService s = services.values().stream().filter(o -> o.id().equals(serviceId)).findFirst().orElseThrow();
            List<ObservedTask> out = new ArrayList<>();
            for (int i = 1; i <= s.replicas(); i++) {
                boolean bad = s.image().contains("bad") || down.contains(serviceId);
                out.add(new ObservedTask(serviceId + "." + i, serviceId, i, "node-1", hashes.get(serviceId), bad ? "starting" : "running",
                        "running", bad ? "unhealthy container" : "", "t"));
            }
            return out;
        }

        @Override
        public ObservedService service(String serviceId) {
            services.values().stream().filter(s -> s.id().equals(serviceId)).findFirst()
                    .ifPresent(s -> calls.add("follow " + s.name().substring(2)));
            return services.values().stream().filter(s -> s.id().equals(serviceId)).findFirst().orElse(null);
        }

        private ObservedService of(String id, long index, SwarmServiceDefinition def, Map<String, String> labels, String state) {
            return new ObservedService(id, def.name(), index, labels, def.image(), def.replicas(),
                    def.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), def.command(), state, null);
        }

        @Override
        public String create(SwarmServiceDefinition def, Map<String, String> labels, SwarmRollout rollout) {
            calls.add("create " + def.service());
            String id = "id" + (++ids);
            services.put(def.name(), of(id, 1, def, labels, null));
            hashes.put(id, def.configHash());
            return id;
        }

        @Override
        public void update(ObservedService current, SwarmServiceDefinition def, Map<String, String> labels, SwarmRollout rollout) {
            calls.add("update " + def.service());
            if (def.image().contains("bad")) { // Swarm tried, failed, and put the previous spec back
                services.put(def.name(), new ObservedService(current.id(), current.name(), current.versionIndex() + 2, current.labels(),
                        current.image(), current.replicas(), current.env(), current.args(), "rollback_completed",
                        "update rolled back due to failure or early termination of task"));
                return;
            }
            services.put(def.name(), of(current.id(), current.versionIndex() + 1, def, labels, "completed"));
            hashes.put(current.id(), def.configHash());
        }

        /** Job service id → its task's state: complete, or failed when its command says "fail". */
        final Map<String, String> jobs = new LinkedHashMap<>();
        final Map<String, SwarmServiceDefinition> jobServices = new LinkedHashMap<>();

        @Override
        public String createJob(String name, SwarmServiceDefinition service, List<String> command, Map<String, String> labels) {
            calls.add("job " + name + " like " + service.service());
            String id = "id" + (++ids);
            services.put(name, new ObservedService(id, name, 1, labels, service.image(), 1, List.of(), command, null, null));
            jobs.put(id, command.contains("fail") ? "failed" : "complete");
            jobServices.put(name, service);
            return id;
        }

        @Override
        public void remove(String serviceId) {
            calls.add("remove " + serviceId);
            services.values().removeIf(s -> s.id().equals(serviceId));
        }

        /** Services docker stack deploy made, by id: what they run beyond ObservedService. */
        final Map<String, StackService> stackMade = new LinkedHashMap<>();

        @Override
        public StackService inspect(String serviceId) {
            return stackMade.get(serviceId);
        }

        @Override
        public void relabel(ObservedService current, Map<String, String> labels) {
            calls.add("relabel " + current.name().substring(2));
            Map<String, String> all = new LinkedHashMap<>(current.labels());
            all.putAll(labels);
            services.put(current.name(), new ObservedService(current.id(), current.name(), current.versionIndex() + 1, all,
                    current.image(), current.replicas(), current.env(), current.args(), current.updateState(), current.updateMessage()));
        }

        @Override
        public void scale(ObservedService current, int replicas) {
            calls.add("scale " + current.name().substring(2) + " to " + replicas);
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

    final MemorySwarm swarm = new MemorySwarm();
    final SwarmDeployer deployer = new SwarmDeployer(swarm, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ZERO);

    @Test
    void stopScalesEveryServiceToZeroKeepingItsSpecAndTheReleaseScalesItBack() {
        List<SwarmServiceDefinition> v1 = List.of(def("db", "db:1", 1, List.of()), def("api", "api:1", 2, List.of("db")));
        assertThat(deployer.deploy("p", "1", v1, Duration.ofSeconds(5)).failure()).isNull();
        List<ObservedService> up = deployer.notStopped("p");
        assertThat(up).extracting(ObservedService::name).containsExactlyInAnyOrder("p_db", "p_api");
        swarm.calls.clear();

        assertThat(deployer.stop("p", up, Duration.ofSeconds(5))).isNull();

        assertThat(swarm.calls).filteredOn(c -> c.startsWith("scale")).containsExactlyInAnyOrder("scale db to 0", "scale api to 0");
        assertThat(swarm.calls).noneMatch(c -> c.startsWith("update") || c.startsWith("remove"));
        assertThat(deployer.notStopped("p")).isEmpty();
        SwarmDeployResult back = deployer.plan("p", v1);
        assertThat(back.updated()).as("the release's counts differ again").containsExactlyInAnyOrder("db", "api");
    }

    @Test
    void createsInOrderThenUpdatesOnlyWhatChangedThenNothing() {
        List<SwarmServiceDefinition> v1 = List.of(def("db", "db:1", 1, List.of()), def("api", "api:1", 1, List.of("db")));
        SwarmDeployResult r = deployer.deploy("p", "1", v1, Duration.ofSeconds(5));
        assertThat(r.created()).containsExactly("db", "api");
        List<SwarmServiceDefinition> v2 = List.of(def("db", "db:1", 1, List.of()), def("api", "api:2", 1, List.of("db")));
        r = deployer.deploy("p", "2", v2, Duration.ofSeconds(5));
        assertThat(r.updated()).containsExactly("api");
        assertThat(r.unchanged()).containsExactly("db");
        assertThat(swarm.services.get("p_db").labels()).containsEntry(SwarmDeployer.VERSION, "1");
        assertThat(swarm.services.get("p_api").labels()).containsEntry(SwarmDeployer.VERSION, "2")
                .containsEntry(SwarmDeployer.STACK_NAMESPACE, "p").containsEntry(SwarmDeployer.MANAGED, "true");
        assertThat(deployer.deploy("p", "2", v2, Duration.ofSeconds(5)).changed()).isFalse();
        assertThat(changes()).containsExactly("create db", "create api", "update api");
    }

    @Test
    void aRollbackBySwarmStopsThePassAndIsReportedWithTheService() {
        deployer.deploy("p", "1", List.of(def("api", "api:1", 1, List.of()), def("web", "web:1", 1, List.of("api"))), Duration.ofSeconds(5));
        SwarmDeployResult r = deployer.deploy("p", "2", List.of(def("api", "api:bad", 1, List.of()), def("web", "web:2", 1, List.of("api"))),
                Duration.ofSeconds(5));
        assertThat(r.failure()).isEqualTo(new SwarmDeployResult.Failed("api",
                "its new tasks did not run healthy, and Swarm rolled the service back (update rolled back due to failure or early"
                        + " termination of task)", true));
        assertThat(swarm.calls).doesNotContain("update web");
    }

    @Test
    void aCreatedServiceThatNeverRunsFailsAtTheHealthTimeoutWithTheTasksError() {
        SwarmDeployer timed = new SwarmDeployer(swarm, new Clock() {
            Instant now = Instant.EPOCH;

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now = now.plusSeconds(1);
                return now;
            }
        }, Duration.ZERO);
        SwarmDeployResult r = timed.deploy("p", "1", List.of(def("api", "api:bad", 1, List.of())), Duration.ofSeconds(3));
        assertThat(r.failure().service()).isEqualTo("api");
        assertThat(r.failure().rolledBackBySwarm()).isFalse();
        assertThat(r.failure().reason()).isEqualTo("not running and healthy within 3s (task on node-1 starting: unhealthy container)");
    }

    @Test
    void handScaledOrHandUpdatedServicesAreUpdatedBackAndRemovedOnesRecreated() {
        List<SwarmServiceDefinition> v1 = List.of(def("api", "api:1", 2, List.of()), def("web", "web:1", 1, List.of()));
        deployer.deploy("p", "1", v1, Duration.ofSeconds(5));
        ObservedService api = swarm.services.get("p_api");
        swarm.services.put("p_api", new ObservedService(api.id(), api.name(), 9, api.labels(), api.image(), 5, api.env(), api.args(),
                null, null));
        swarm.services.remove("p_web");
        SwarmDeployResult r = deployer.deploy("p", "1", v1, Duration.ofSeconds(5));
        assertThat(r.updated()).containsExactly("api");
        assertThat(r.created()).containsExactly("web");
        assertThat(swarm.services.get("p_api").replicas()).isEqualTo(2);
    }

    @Test
    void aServiceTheReleaseNoLongerHasIsRemovedOnlyWhenShipshapeMadeIt() {
        deployer.deploy("p", "1", List.of(def("api", "api:1", 1, List.of()), def("old", "old:1", 1, List.of())), Duration.ofSeconds(5));
        swarm.services.put("p_theirs", new ObservedService("x", "p_theirs", 1, Map.of(SwarmDeployer.STACK_NAMESPACE, "p"), "t:1", 1,
                List.of(), List.of(), null, null));
        deployer.deploy("p", "2", List.of(def("api", "api:1", 1, List.of())), Duration.ofSeconds(5));
        assertThat(swarm.services).containsOnlyKeys("p_api", "p_theirs");
    }

    @Test
    void anUnchangedServiceWhoseTasksDoNotRunIsWaitedForNotPassedOver() {
        List<SwarmServiceDefinition> v1 = List.of(def("api", "api:1", 1, List.of()), def("web", "web:1", 1, List.of("api")));
        deployer.deploy("p", "1", v1, Duration.ofSeconds(5));
        ObservedService api = swarm.services.get("p_api");
        // its task restarting: as the release wants it, not serving; the clock is fixed, so one look past the deadline
        swarm.services.put("p_api", new ObservedService(api.id(), api.name(), api.versionIndex(), api.labels(), api.image(),
                api.replicas(), api.env(), api.args(), "rollback_completed", null));
        swarm.down.add(api.id());
        SwarmDeployResult r = new SwarmDeployer(swarm, Clock.offset(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ZERO),
                Duration.ZERO).deploy("p", "1", v1, Duration.ZERO);
        assertThat(r.failure()).isNotNull();
        assertThat(r.failure().service()).isEqualTo("api");
        assertThat(r.failure().rolledBackBySwarm()).as("an old rollback's status is not this pass's").isFalse();
        assertThat(r.failure().reason()).contains("not running and healthy within 0s");
    }

    List<String> changes() {
        return swarm.calls.stream().filter(c -> !c.startsWith("follow ")).toList();
    }

    /** db; api and web after db; worker after api: three layers. */
    static List<SwarmServiceDefinition> layered(String version) {
        return List.of(def("db", "db:" + version, 1, List.of()), def("api", "api:" + version, 1, List.of("db")),
                def("web", "web:" + version, 1, List.of("db")), def("worker", "worker:" + version, 1, List.of("api")));
    }

    @Test
    void theLayersFollowDependsOn() {
        assertThat(SwarmDeployer.layers(layered("1")).stream().map(l -> l.stream().map(SwarmServiceDefinition::service).toList()))
                .containsExactly(List.of("db"), List.of("api", "web"), List.of("worker"));
        assertThat(SwarmDeployer.layers(List.of(def("a", "a:1", 1, List.of("gone")), def("b", "b:1", 1, List.of()))))
                .as("a dependency the release does not have").hasSize(1);
    }

    @Test
    void theWindowStrategyStartsTheUpdatesOfALayerTogetherAndTheNextLayerAfterThemAll() {
        SwarmRollout window = SwarmRollout.of(Duration.ofSeconds(5), RolloutStrategy.WINDOW);
        deployer.deploy("p", "1", layered("1"), window);
        swarm.calls.clear();
        SwarmDeployResult r = deployer.deploy("p", "2", layered("2"), window);
        assertThat(r.updated()).containsExactly("db", "api", "web", "worker");
        assertThat(swarm.calls).containsExactly("update db", "follow db", "update api", "update web", "follow api", "follow web",
                "update worker", "follow worker");
    }

    @Test
    void oneAtATimeFollowsEachServiceBeforeTheNext() {
        SwarmRollout oneByOne = SwarmRollout.of(Duration.ofSeconds(5), RolloutStrategy.ONE_AT_A_TIME);
        deployer.deploy("p", "1", layered("1"), oneByOne);
        swarm.calls.clear();
        deployer.deploy("p", "2", layered("2"), oneByOne);
        assertThat(swarm.calls).containsExactly("update db", "follow db", "update api", "follow api", "update web", "follow web",
                "update worker", "follow worker");
    }

    @Test
    void aServiceOfALayerThatFailsStopsTheRolloutBeforeTheNextLayer() {
        SwarmRollout window = SwarmRollout.of(Duration.ofSeconds(5), RolloutStrategy.WINDOW);
        deployer.deploy("p", "1", layered("1"), window);
        List<SwarmServiceDefinition> v2 = List.of(def("db", "db:1", 1, List.of()), def("api", "api:2", 1, List.of("db")),
                def("web", "web:bad", 1, List.of("db")), def("worker", "worker:2", 1, List.of("api")));
        SwarmDeployResult r = deployer.deploy("p", "2", v2, window);
        assertThat(r.failure().service()).isEqualTo("web");
        assertThat(r.failure().rolledBackBySwarm()).isTrue();
        assertThat(r.updated()).containsExactly("api", "web");
        assertThat(changes()).doesNotContain("update worker");
    }

    @Test
    void theRolloutSettingsReachTheSwarm() {
        SwarmRollout[] seen = new SwarmRollout[1];
        SwarmApi recording = new MemorySwarm() {
            @Override
            public String create(SwarmServiceDefinition def, Map<String, String> labels, SwarmRollout rollout) {
                seen[0] = rollout;
                return super.create(def, labels, rollout);
            }
        };
        SwarmRollout rollout = SwarmRollout.of(Duration.ofSeconds(48), RolloutStrategy.ONE_AT_A_TIME);
        new SwarmDeployer(recording, Clock.systemUTC(), Duration.ZERO).deploy("p", "1", List.of(def("db", "db:1", 1, List.of())), rollout);
        assertThat(seen[0]).isEqualTo(rollout);
        assertThat(seen[0].monitor()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aJobRunsAsAServiceLikeItsServiceAndIsRemovedOnceComplete() {
        SwarmServiceDefinition db = def("db", "db:1", 1, List.of());
        assertThat(deployer.runJob("p", "migrate", "2", db, List.of("migrate"), Duration.ofSeconds(5))).isNull();
        assertThat(swarm.jobServices.get("p_job-migrate")).isEqualTo(db);
        assertThat(swarm.calls).containsExactly("job p_job-migrate like db", "remove id1");
        assertThat(swarm.services).isEmpty();
    }

    @Test
    void aFailedJobIsReportedAndKeptForItsLogs() {
        SwarmDeployResult.Failed f = deployer.runJob("p", "migrate", "2", def("db", "db:1", 1, List.of()), List.of("fail"),
                Duration.ofSeconds(5));
        assertThat(f.service()).isEqualTo("db");
        assertThat(f.reason()).isEqualTo("job migrate of 2 (Swarm service p_job-migrate) failed: its task on node-1 ended failed"
                + " (task: non-zero exit (1)); the rollout stopped. The job service is kept for `docker service logs p_job-migrate`");
        assertThat(swarm.services).containsOnlyKeys("p_job-migrate");
        // the next run removes the kept one first, and a deploy never takes a job's service for an unused one
        deployer.deploy("p", "1", List.of(def("db", "db:1", 1, List.of())), Duration.ofSeconds(5));
        assertThat(swarm.services).containsKeys("p_job-migrate", "p_db");
        assertThat(deployer.runJob("p", "migrate", "2", def("db", "db:1", 1, List.of()), List.of("ok"), Duration.ofSeconds(5))).isNull();
        assertThat(swarm.services).containsOnlyKeys("p_db");
    }

    /** A service docker stack deploy made of {@code def} (no shipshape label, the image with its tag), on {@code network}. */
    ObservedService stackMade(SwarmServiceDefinition def, String network) {
        ObservedService o = new ObservedService("stack-" + def.service(), def.name(), 3, Map.of(SwarmDeployer.STACK_NAMESPACE, "p"),
                def.image().replace("@", ":1@"), def.replicas(),
                def.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), def.command(), null, null);
        swarm.services.put(def.name(), o);
        swarm.stackMade.put(o.id(), new StackService(List.of(), List.of(network), List.of(), List.of(), List.of()));
        return o;
    }

    @Test
    void aMatchingStackDeployedServiceIsAdoptedByItsLabelsOnlyAndThenLeftAlone() {
        SwarmServiceDefinition api = def("api", "api@sha256:1", 1, List.of());
        stackMade(api, "host");
        SwarmDeployResult plan = deployer.plan("p", List.of(api), null);
        assertThat(plan.adopted()).containsExactly("api");
        assertThat(plan.reasons().get("api")).contains("matches the release");
        SwarmDeployResult r = deployer.deploy("p", "1", List.of(api), SwarmRollout.of(Duration.ofSeconds(5), null), null);
        assertThat(r.failure()).isNull();
        assertThat(r.adopted()).containsExactly("api");
        assertThat(changes()).containsExactly("relabel api");
        assertThat(swarm.services.get("p_api").labels()).containsEntry(SwarmDeployer.MANAGED, "true")
                .containsEntry(SwarmDeployer.VERSION, "1").containsEntry(SwarmDeployer.CONFIG_HASH, api.configHash())
                .containsEntry(SwarmDeployer.ADOPTED, api.configHash());
        // its tasks carry no config hash; adopted, they count as running the release
        SwarmDeployResult again = deployer.deploy("p", "1", List.of(api), SwarmRollout.of(Duration.ofSeconds(5), null), null);
        assertThat(again.failure()).isNull();
        assertThat(again.changed()).isFalse();
        assertThat(deployer.plan("p", List.of(api), null).changed()).isFalse();
        assertThat(changes()).containsExactly("relabel api");
    }

    @Test
    void aStackDeployedServiceOnItsOverlayNetworkIsUpdatedToTheReleaseAndTheReasonSaysWhy() {
        SwarmServiceDefinition api = def("api", "api@sha256:1", 1, List.of());
        stackMade(api, "p_default");
        SwarmDeployResult plan = deployer.plan("p", List.of(api), null);
        assertThat(plan.updated()).containsExactly("api");
        assertThat(plan.reasons()).containsEntry("api", "made by docker stack deploy on network p_default: replaced to run on the host network");
        SwarmDeployResult r = deployer.deploy("p", "1", List.of(api), SwarmRollout.of(Duration.ofSeconds(5), null), null);
        assertThat(r.failure()).isNull();
        assertThat(r.updated()).containsExactly("api");
        assertThat(changes()).containsExactly("update api");
        assertThat(deployer.plan("p", List.of(api), null).changed()).isFalse();
    }
}
