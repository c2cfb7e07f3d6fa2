package dev.shipshape.controller.swarm;

import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.RunState;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.AdoptContainer;
import dev.shipshape.model.plan.CreateService;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.Reason;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.model.plan.RunJob;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.model.plan.StopService;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.swarm.SwarmDefinitions;
import dev.shipshape.model.swarm.SwarmRefusedException;
import dev.shipshape.model.swarm.SwarmRollout;
import dev.shipshape.model.swarm.SwarmServiceDefinition;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.SecretScanner;
import dev.shipshape.reconcilers.swarm.ObservedService;
import dev.shipshape.reconcilers.swarm.SwarmApi;
import dev.shipshape.reconcilers.swarm.SwarmDeployResult;
import dev.shipshape.reconcilers.swarm.SwarmDeployer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A pass of a project with {@code spec.runtime: swarm}. The host planner's plan is kept for what happens on this
 * host (download the package, export the release, record the installed version); its container actions are
 * replaced by the swarm's: one {@link CreateService} for each Swarm service missing, one {@link RecreateService}
 * for each whose definition differs, one {@link AdoptContainer} for each service {@code docker stack deploy} made from
 * the export that runs what the release would (taken over by its labels only: its tasks keep running), and a
 * {@link RecreateService} saying why for one that does not (on the stack's overlay network, say). The same action types, so {@code plan} prints them and the one
 * {@code RolloutPolicy} judges a failed service as it judges a failed container: Swarm's own rollback of a service,
 * or a service that never runs healthy, is a verdict on the release, and the whole server is rolled back to the
 * previous version by the next passes (the version choice targets it), recorded as on one host.
 */
public final class SwarmPasses {
    private final SwarmApi swarm;
    private final SwarmDeployer deployer;
    private final SwarmTaskCounts counts;

    public SwarmPasses(SwarmApi swarm, SwarmDeployer deployer) {
        this(swarm, deployer, new SwarmTaskCounts());
    }

    public SwarmPasses(SwarmApi swarm, SwarmDeployer deployer, SwarmTaskCounts counts) {
        this.swarm = swarm;
        this.deployer = deployer;
        this.counts = counts;
    }

    /** The swarm's plan from the host planner's (pure) plan and what the swarm runs. */
    public Plan plan(DesiredState desired, Plan hostPlan, ProjectContext project) {
        if (desired.spec().state() == RunState.STOPPED) {
            return stopped(desired, hostPlan);
        }
        List<Action> local = new ArrayList<>();
        RecordInstalled record = null;
        List<Action> jobs = new ArrayList<>();
        for (Action a : hostPlan.actions()) {
            if (a instanceof DownloadRelease || a instanceof ExportRelease) {
                local.add(a);
            } else if (a instanceof RecordInstalled r) {
                record = r;
            } else if (a instanceof RunJob j) {
                jobs.add(j); // due by the host's records (jobs.yaml, installed.yaml), which stay on this host
            }
        }
        List<String> waiting = new ArrayList<>(hostPlan.waitingFor());
        List<Action> actions = new ArrayList<>(local);
        if (desired.rendered() != null && local.isEmpty()) {
            List<SwarmServiceDefinition> defs = definitions(desired, project);
            SwarmDeployResult p = deployer.plan(desired.project(), defs, exportFolder(project));
            countTasks(desired.project(), defs);
            actions.addAll(jobs); // before every service change, as on one host
            // the project's services, asked of the swarm once per plan and only when a service is to change
            java.util.function.Supplier<List<ObservedService>> seen = memoized(() -> swarm.services(desired.project()));
            for (ServiceSpec s : desired.rendered().compose().startOrder()) {
                String hash = desired.rendered().configHash(s);
                String swarmName = desired.project() + "_" + s.name();
                if (p.created().contains(s.name())) {
                    actions.add(new CreateService(s, hash, desired.target(), "its Swarm service is missing"));
                } else if (p.adopted().contains(s.name())) {
                    // docker stack deploy made it from the export and it runs what the release would: labels only
                    actions.add(new AdoptContainer(s.name(), swarmName, swarmName, hash));
                } else if (p.reasons().containsKey(s.name())) {
                    actions.add(new RecreateService(s, hash, desired.target(), null,
                            List.of("Swarm service " + swarmName + " " + p.reasons().get(s.name())), Reason.HAND_MODIFIED));
                } else if (p.updated().contains(s.name()) && onlyScaledToZero(seen.get(), swarmName, defs, s.name())) {
                    // state: stopped scaled it to 0 tasks (or a hand did): its spec goes back with the release's count
                    actions.add(new StartService(s.name(), swarmName, "its Swarm service runs 0 tasks"));
                } else if (p.updated().contains(s.name())) {
                    actions.add(new RecreateService(s, hash, desired.target(), null,
                            List.of("its Swarm service differs from the release"), Reason.CONFIG_CHANGED));
                }
            }
        } else if (desired.rendered() != null) {
            waiting.add("the Swarm services of " + desired.target() + " (compared once the release is exported)");
        }
        if (record != null) {
            actions.add(record);
        }
        return new Plan(hostPlan.target(), hostPlan.installed(), actions, waiting, hostPlan.notices(), hostPlan.path(),
                hostPlan.rollback(), hostPlan.images());
    }

    /**
     * Acts on a swarm plan: the local actions through the host's executor, then the Swarm services through the
     * deployer, then the record.
     */
    public PassOutcome act(DesiredState desired, Plan plan, ProjectContext project, LocalExecutor local) {
        List<Action> before = plan.actions().stream().filter(a -> a instanceof DownloadRelease || a instanceof ExportRelease).toList();
        if (!before.isEmpty()) {
            return local.execute(onlyActions(plan, before));
        }
        List<StopService> stops = plan.actions().stream().filter(a -> a instanceof StopService).map(a -> (StopService) a).toList();
        if (!stops.isEmpty()) {
            return stop(desired, plan, project, local, stops);
        }
        List<Action> services = plan.actions().stream().filter(a -> a instanceof CreateService || a instanceof RecreateService
                || a instanceof AdoptContainer || a instanceof StartService).toList();
        List<RunJob> jobs = plan.actions().stream().filter(a -> a instanceof RunJob).map(a -> (RunJob) a).toList();
        List<Action> done = new ArrayList<>();
        boolean settleRollback = plan.rollback() != null && desired.rendered() != null;
        List<SwarmServiceDefinition> defs = services.isEmpty() && jobs.isEmpty() && !settleRollback ? List.of()
                : definitions(desired, project);
        for (RunJob job : jobs) {
            long start = System.nanoTime();
            local.starting(job);
            SwarmServiceDefinition like = defs.stream().filter(d -> d.service().equals(job.job().service())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("job " + job.job().name() + " runs like service "
                            + job.job().service() + ", which the release has no Swarm service of"));
            SwarmDeployResult.Failed failed = deployer.runJob(desired.project(), job.job().name(), job.version().toString(), like,
                    job.job().command(), project.desired().spec().rollout().healthTimeout());
            if (failed != null) {
                return new PassOutcome.Failed(plan, done, job, new Failure(Failure.Kind.VERDICT, failed.reason(), null));
            }
            project.records().jobs().record(job.key(), Instant.now());
            done.add(job);
            local.finished(job, (System.nanoTime() - start) / 1_000_000);
        }
        // A rollback pass converges too when Swarm already put every service back itself (nothing to change): the
        // deployer then waits for the services not running all their tasks yet, so "serves again" is true on return.
        if (!services.isEmpty() || settleRollback) {
            long start = System.nanoTime();
            services.forEach(local::starting);
            SwarmDeployResult r = deployer.deploy(desired.project(), desired.target().toString(), defs,
                    SwarmRollout.of(project.desired().spec().rollout()), exportFolder(project));
            countTasks(desired.project(), defs); // where the tasks are after the rollout (a failed one too), for the status
            long millis = (System.nanoTime() - start) / 1_000_000;
            for (Action a : services) {
                if (r.created().contains(a.service()) || r.updated().contains(a.service()) || r.adopted().contains(a.service())) {
                    done.add(a);
                    local.finished(a, millis);
                }
            }
            if (r.failure() != null && services.isEmpty()) {
                // only settling a rollback: the previous version does not serve again yet; the next pass looks again
                Action any = plan.actions().isEmpty() ? null : plan.actions().get(0);
                String why = "Swarm service " + desired.project() + "_" + r.failure().service() + " of " + desired.target()
                        + " does not serve again yet after the rollback: " + r.failure().reason();
                if (any != null) {
                    return new PassOutcome.Failed(plan, done, any, new Failure(Failure.Kind.TRANSIENT, why, null));
                }
                throw new dev.shipshape.reconcilers.ReconcileException(why, true);
            }
            if (r.failure() != null) {
                Action failed = services.stream().filter(a -> a.service().equals(r.failure().service())).findFirst()
                        .orElse(services.get(0));
                done.remove(failed);
                return new PassOutcome.Failed(plan, done, failed, new Failure(Failure.Kind.VERDICT,
                        "Swarm service " + desired.project() + "_" + r.failure().service() + ": " + r.failure().reason(), null));
            }
        }
        List<Action> after = plan.actions().stream().filter(a -> a instanceof RecordInstalled).toList();
        if (!after.isEmpty()) {
            PassOutcome recorded = local.execute(onlyActions(plan, after));
            if (!(recorded instanceof PassOutcome.Acted)) {
                return recorded;
            }
            done.addAll(recorded.done());
        }
        return new PassOutcome.Acted(plan, done);
    }

    /**
     * {@code spec.state: stopped} (the runbook's down): every service of the project that runs tasks is scaled to 0,
     * in reverse start order; nothing is downloaded, exported or run, and the specs, volumes and configs stay.
     */
    private Plan stopped(DesiredState desired, Plan hostPlan) {
        String project = desired.project();
        List<String> order = desired.rendered() == null ? List.of()
                : desired.rendered().compose().startOrder().stream().map(ServiceSpec::name).toList();
        List<Action> actions = new ArrayList<>();
        deployer.notStopped(project).stream()
                .sorted(Comparator.comparingInt((ObservedService o) -> -order.indexOf(serviceOf(project, o)))
                        .thenComparing(ObservedService::name))
                .forEach(o -> actions.add(new StopService(serviceOf(project, o), o.id())));
        List<String> waiting = new ArrayList<>(hostPlan.waitingFor());
        for (ObservedService g : deployer.global(project)) {
            waiting.add("Swarm service " + g.name() + " runs in global mode (made by docker stack deploy), which Swarm can't scale"
                    + " to 0: remove it (`docker service rm " + g.name() + "`); with state: running the release's service takes"
                    + " its place");
        }
        counts.update(SwarmTaskCounts.observe(swarm, project), SwarmTaskCounts.nodes(swarm));
        return new Plan(hostPlan.target(), hostPlan.installed(), actions, waiting, hostPlan.notices(),
                hostPlan.path(), hostPlan.rollback(), hostPlan.images());
    }

    /** Scales the services of a stopped plan to 0 and waits until none runs a task; a straggler fails the pass (retried). */
    private PassOutcome stop(DesiredState desired, Plan plan, ProjectContext project, LocalExecutor local, List<StopService> stops) {
        long start = System.nanoTime();
        stops.forEach(local::starting);
        Map<String, ObservedService> running = new LinkedHashMap<>();
        deployer.notStopped(desired.project()).forEach(o -> running.put(o.id(), o));
        List<ObservedService> targets = stops.stream().map(a -> running.get(a.containerId())).filter(java.util.Objects::nonNull).toList();
        SwarmDeployResult.Failed failed = deployer.stop(desired.project(), targets, project.desired().spec().rollout().healthTimeout());
        counts.update(SwarmTaskCounts.observe(swarm, desired.project()), SwarmTaskCounts.nodes(swarm));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (failed != null) {
            StopService at = stops.stream().filter(a -> a.service().equals(failed.service())).findFirst().orElse(stops.get(0));
            // done: only the services none of whose tasks runs any more
            Set<String> still = new HashSet<>();
            deployer.notStopped(desired.project()).forEach(o -> still.add(o.id()));
            List<Action> done = new ArrayList<>(stops.stream().filter(a -> a != at && !still.contains(a.containerId())).toList());
            return new PassOutcome.Failed(plan, done, at, new Failure(Failure.Kind.TRANSIENT, failed.reason(), null));
        }
        stops.forEach(a -> local.finished(a, millis));
        return new PassOutcome.Acted(plan, new ArrayList<>(stops));
    }

    /** Whether the service differs from the release only by running 0 tasks: a start, not a change of the release. */
    private static boolean onlyScaledToZero(List<ObservedService> services, String swarmName, List<SwarmServiceDefinition> defs,
            String service) {
        SwarmServiceDefinition def = defs.stream().filter(d -> d.service().equals(service)).findFirst().orElse(null);
        return def != null && services.stream().anyMatch(o -> o.name().equals(swarmName) && SwarmDeployer.onlyScaledToZero(o, def));
    }

    private static <T> java.util.function.Supplier<T> memoized(java.util.function.Supplier<T> source) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public T get() {
                if (value == null) {
                    value = source.get();
                }
                return value;
            }
        };
    }

    private static String serviceOf(String project, ObservedService o) {
        return o.name().startsWith(project + "_") ? o.name().substring(project.length() + 1) : o.name();
    }

    /** The desired and running tasks of each service the swarm has, for {@link SwarmTaskCounts}. */
    private void countTasks(String project, List<SwarmServiceDefinition> defs) {
        Map<String, SwarmTaskCounts.Counts> seen = SwarmTaskCounts.observe(swarm, project);
        Map<String, SwarmTaskCounts.Counts> out = new LinkedHashMap<>();
        for (SwarmServiceDefinition d : defs) {
            out.put(d.service(), seen.getOrDefault(d.service(), new SwarmTaskCounts.Counts(d.replicas(), 0)));
        }
        counts.update(out, SwarmTaskCounts.nodes(swarm));
    }

    /** Runs a plan of local actions (download, export, record) as the host runtime does, and hears of the others. */
    public interface LocalExecutor {
        PassOutcome execute(Plan plan);

        /** The Swarm services' actions, as the pass's progress listener hears of executed ones. */
        default void starting(Action action) {
        }

        default void finished(Action action, long millis) {
        }
    }

    private static Plan onlyActions(Plan plan, List<Action> actions) {
        return new Plan(plan.target(), plan.installed(), actions, plan.waitingFor(), plan.notices(), plan.path(), plan.rollback(),
                plan.images());
    }

    /** The release as Swarm services: images resolved to digests by the manager, files read from the export. */
    private List<SwarmServiceDefinition> definitions(DesiredState desired, ProjectContext project) {
        List<String> nodes = swarm.nodes().stream().map(SwarmApi.SwarmNode::hostname).toList();
        Map<String, String> images = new LinkedHashMap<>();
        for (ServiceSpec s : desired.rendered().compose().startOrder()) {
            images.put(s.name(), swarm.resolveDigest(s.image()));
        }
        Path export = project.paths().export();
        return SwarmDefinitions.define(desired.project(), desired.rendered().compose(), images, rel -> read(export, rel),
                // a file holds a secret when it contains one of the project's secret values, as the export's own check sees them
                SecretScanner.of(new ConfigLoader().loadSecrets(project.paths()))::foundIn, desired.spec().swarm(), nodes);
    }

    /** The export folder as {@code docker stack deploy} names a bind of its files: absolute. */
    private static Path exportFolder(ProjectContext project) {
        return project.paths().export().toAbsolutePath().normalize();
    }

    private static Optional<byte[]> read(Path export, String relative) {
        Path file = export.resolve(relative).normalize();
        if (!file.startsWith(export) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to carry it as a Swarm config", e);
        }
    }
}
