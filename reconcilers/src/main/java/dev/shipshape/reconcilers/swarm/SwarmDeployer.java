package dev.shipshape.reconcilers.swarm;

import dev.shipshape.model.desired.RolloutStrategy;
import dev.shipshape.model.swarm.SwarmRollout;
import dev.shipshape.model.swarm.SwarmServiceDefinition;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges a release into Swarm services in dependency order — a dependency layer at a time (strategy window) or
 * one service at a time (one-at-a-time), see {@link SwarmRollout}: a missing service is created,
 * one whose spec differs (another version or configuration, or changed by hand: scaled, image or environment
 * updated) is updated and Swarm rolls its tasks (stop-first, failure action rollback), one as the release wants is
 * left alone (its tasks and version index untouched). After each change it follows the service's update status and
 * tasks until every task runs — a task with a health check only runs once healthy — or the health timeout passes,
 * or Swarm reports it rolled the update back. It stops at the first layer with a service that fails and says so as a value
 * ({@link SwarmDeployResult.Failed}); what follows (rolling the whole server back) is the caller's.
 */
public final class SwarmDeployer {
    public static final String STACK_NAMESPACE = "com.docker.stack.namespace";
    public static final String MANAGED = "dev.shipshape.managed";
    public static final String VERSION = "dev.shipshape.version";
    public static final String CONFIG_HASH = "dev.shipshape.config-hash";
    /** On a job's Swarm service: the job's name (such a service is not one of the release's, and never removed as unused). */
    public static final String JOB = "dev.shipshape.job";
    /**
     * On a service made by {@code docker stack deploy} and adopted: the config hash of the definition it was found to
     * run. Its tasks carry no config-hash label of their own; the label goes with the next update of the service.
     */
    public static final String ADOPTED = "dev.shipshape.adopted";
    private static final Logger LOG = LoggerFactory.getLogger(SwarmDeployer.class);
    /** A job's task states that mean it ended without completing. */
    private static final Set<String> JOB_ENDED = Set.of("failed", "rejected", "orphaned");
    private static final Set<String> FAILED_UPDATE = Set.of("paused", "rollback_completed", "rollback_paused");

    private final SwarmApi swarm;
    private final Clock clock;
    private final Duration pollEvery;

    public SwarmDeployer(SwarmApi swarm, Clock clock, Duration pollEvery) {
        this.swarm = swarm;
        this.clock = clock;
        this.pollEvery = pollEvery;
    }

    /** The labels of a service made for {@code version}: the stack's, and shipshape's own. */
    public static Map<String, String> serviceLabels(SwarmServiceDefinition def, String version) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(STACK_NAMESPACE, def.project());
        labels.put(MANAGED, "true");
        labels.put(VERSION, version);
        labels.put(CONFIG_HASH, def.configHash());
        return labels;
    }

    /** What a pass would do, without doing it: the services to create and to update. */
    public SwarmDeployResult plan(String project, List<SwarmServiceDefinition> defs) {
        return plan(project, defs, null);
    }

    /**
     * What a pass would do, without doing it: the services to create, to update and to adopt.
     *
     * @param export the project's export folder (absolute): a service {@code docker stack deploy} made that binds a
     *               file of it can be adopted; null: such a bind never matches
     */
    public SwarmDeployResult plan(String project, List<SwarmServiceDefinition> defs, Path export) {
        Map<String, ObservedService> observed = byName(project);
        Map<String, Adoption.Verdict> stackMade = judgeStackMade(defs, observed, export);
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> adopted = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (SwarmServiceDefinition def : defs) {
            ObservedService o = observed.get(def.name());
            Adoption.Verdict verdict = stackMade.get(def.service());
            if (verdict != null) {
                reasons.put(def.service(), verdict.reason());
                (verdict.adopt() ? adopted : updated).add(def.service());
            } else {
                (o == null ? created : differs(o, def) ? updated : unchanged).add(def.service());
            }
        }
        return new SwarmDeployResult(created, updated, unchanged, null, adopted, reasons);
    }

    /**
     * The verdict on each service of the release that {@code docker stack deploy} made (by the release's service
     * name): asks the swarm for what such a service runs, and nothing when there is none.
     */
    private Map<String, Adoption.Verdict> judgeStackMade(List<SwarmServiceDefinition> defs, Map<String, ObservedService> observed,
            Path export) {
        Map<String, Adoption.Verdict> out = new LinkedHashMap<>();
        List<String> nodes = null;
        for (SwarmServiceDefinition def : defs) {
            ObservedService o = observed.get(def.name());
            if (o == null || !Adoption.madeByStackDeploy(o)) {
                continue;
            }
            StackService s = swarm.inspect(o.id());
            if (s == null) {
                continue; // removed meanwhile: created like any missing service by the next pass
            }
            if (nodes == null) {
                nodes = swarm.nodes().stream().map(SwarmApi.SwarmNode::hostname).toList();
            }
            out.put(def.service(), Adoption.judge(def, o, s, export, nodes));
        }
        return out;
    }

    /**
     * Converges {@code defs} (in start order, as {@code SwarmDefinitions} gives them) for {@code version}, with the
     * default strategy (window).
     *
     * @param healthTimeout how long each layer of created or updated services may take until all its tasks run
     */
    public SwarmDeployResult deploy(String project, String version, List<SwarmServiceDefinition> defs, Duration healthTimeout) {
        return deploy(project, version, defs, SwarmRollout.of(healthTimeout, RolloutStrategy.DEFAULT));
    }

    /**
     * Converges {@code defs} (in start order) for {@code version}: layer by layer of the dependency order when
     * {@code rollout.layered()} (the changes of a layer are started together and followed together, the next layer
     * after), else one service after another.
     */
    public SwarmDeployResult deploy(String project, String version, List<SwarmServiceDefinition> defs, SwarmRollout rollout) {
        return deploy(project, version, defs, rollout, null);
    }

    /**
     * Converges {@code defs} as {@link #deploy(String, String, List, SwarmRollout)}, and takes over the services
     * {@code docker stack deploy} made: one that matches the release ({@link Adoption}) by its labels only (its
     * tasks keep running), any other by an update to the release's spec, as a drifted service.
     *
     * @param export the project's export folder (absolute), see {@link #plan(String, List, Path)}
     */
    public SwarmDeployResult deploy(String project, String version, List<SwarmServiceDefinition> defs, SwarmRollout rollout,
            Path export) {
        Map<String, ObservedService> observed = byName(project);
        Map<String, Adoption.Verdict> stackMade = judgeStackMade(defs, observed, export);
        List<String> adopted = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (SwarmServiceDefinition def : defs) {
            for (SwarmServiceDefinition.CarriedFile f : def.configs()) {
                swarm.ensureConfig(project, f);
            }
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (List<SwarmServiceDefinition> layer : rollout.layered() ? layers(defs) : defs.stream().map(List::of).toList()) {
            List<Following> follow = new ArrayList<>();
            for (SwarmServiceDefinition def : layer) {
                ObservedService o = observed.get(def.name());
                Adoption.Verdict verdict = stackMade.get(def.service());
                if (verdict != null) {
                    reasons.put(def.service(), verdict.reason());
                }
                if (verdict != null && verdict.adopt()) {
                    LOG.info("adopting Swarm service {} as {}: {}", def.name(), version, verdict.reason());
                    Map<String, String> labels = serviceLabels(def, version);
                    // its tasks' containers carry no config hash: the label says which definition they were found to run
                    labels.put(ADOPTED, def.configHash());
                    swarm.relabel(o, labels);
                    adopted.add(def.service());
                    if (runningTasks(o.id(), def, true) < def.replicas()) {
                        follow.add(new Following(def, o.id(), false));
                    }
                } else if (o == null) {
                    LOG.info("creating Swarm service {} ({} task(s), {})", def.name(), def.replicas(), version);
                    follow.add(new Following(def, swarm.create(def, serviceLabels(def, version), rollout), true));
                    created.add(def.service());
                } else if (o.replicas() == null) {
                    // global mode (stack deploy's `mode: global`): Swarm refuses to change a service's mode, so the
                    // release's replicated service takes its place (its tasks go, then the new ones start)
                    LOG.info("replacing Swarm service {} (global mode) by the release's replicated service at {}", def.name(),
                            version);
                    swarm.remove(o.id());
                    follow.add(new Following(def, swarm.create(def, serviceLabels(def, version), rollout), true));
                    updated.add(def.service());
                } else if (verdict != null || differs(o, def)) {
                    LOG.info("updating Swarm service {} to {}{}", def.name(), version, verdict == null ? "" : ": " + verdict.reason());
                    swarm.update(o, def, serviceLabels(def, version), rollout);
                    follow.add(new Following(def, o.id(), true));
                    updated.add(def.service());
                } else {
                    unchanged.add(def.service());
                    // as the release wants it, but not (yet) running all its tasks: just rolled back by Swarm, or a task
                    // restarting. What follows it must not start before it serves again.
                    if (runningTasks(o.id(), def, def.configHash().equals(o.labels().get(ADOPTED))) < def.replicas()) {
                        follow.add(new Following(def, o.id(), false));
                    }
                }
            }
            SwarmDeployResult.Failed failed = await(follow, rollout.healthTimeout());
            if (failed != null) {
                return new SwarmDeployResult(created, updated, unchanged, failed, adopted, reasons);
            }
        }
        removeUnused(project, defs, observed);
        return new SwarmDeployResult(created, updated, unchanged, null, adopted, reasons);
    }

    /**
     * The dependency layers of {@code defs} (in start order): a service is in the layer after the last of those it
     * depends on; services it depends on that the release does not have don't count.
     */
    static List<List<SwarmServiceDefinition>> layers(List<SwarmServiceDefinition> defs) {
        Map<String, Integer> layerOf = new HashMap<>();
        List<List<SwarmServiceDefinition>> layers = new ArrayList<>();
        for (SwarmServiceDefinition def : defs) {
            int layer = def.dependsOn().stream().filter(layerOf::containsKey).mapToInt(d -> layerOf.get(d) + 1).max().orElse(0);
            layerOf.put(def.service(), layer);
            while (layers.size() <= layer) {
                layers.add(new ArrayList<>());
            }
            layers.get(layer).add(def);
        }
        return layers;
    }

    /** A service of the current layer being followed; {@code changed}: its spec was just written. */
    private record Following(SwarmServiceDefinition def, String id, boolean changed) {
    }

    /** The Swarm service of a one-shot job: {@code <project>_job-<name>}. */
    public static String jobServiceName(String project, String job) {
        return project + "_job-" + job;
    }

    /**
     * Runs a one-shot job as a {@code replicated-job} service with the image, environment, volumes and placement of
     * {@code service} (on the node that holds its data) and {@code command}, until its task completes (exit 0: the job
     * service is removed, null returned), fails (kept for {@code docker service logs}, reported), or the timeout passes.
     * An earlier run's job service of that name is removed first. Recording the completion is the caller's.
     */
    public SwarmDeployResult.Failed runJob(String project, String job, String version, SwarmServiceDefinition service,
            List<String> command, Duration timeout) {
        String name = jobServiceName(project, job);
        String what = "job " + job + " of " + version + " (Swarm service " + name + ")";
        swarm.services(project).stream().filter(o -> o.name().equals(name)).forEach(o -> swarm.remove(o.id()));
        for (SwarmServiceDefinition.CarriedFile f : service.configs()) {
            swarm.ensureConfig(project, f);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(STACK_NAMESPACE, project);
        labels.put(JOB, job);
        labels.put(VERSION, version);
        LOG.info("starting {} on the node of service {}", what, service.name());
        String id = swarm.createJob(name, service, command, labels);
        Instant deadline = clock.instant().plus(timeout);
        String last = "no task ran yet";
        while (true) {
            List<ObservedTask> tasks = swarm.tasks(id);
            if (tasks.stream().anyMatch(t -> "complete".equals(t.state()))) {
                swarm.remove(id);
                LOG.info("{} completed", what);
                return null;
            }
            ObservedTask ended = tasks.stream().filter(t -> JOB_ENDED.contains(t.state())).findFirst().orElse(null);
            if (ended != null) {
                return new SwarmDeployResult.Failed(service.service(), what + " failed: its task on "
                        + (ended.node().isEmpty() ? "no node" : ended.node()) + " ended " + ended.state()
                        + (ended.error() == null || ended.error().isBlank() ? "" : " (" + ended.error() + ")")
                        + "; the rollout stopped. The job service is kept for `docker service logs " + name + "`", false);
            }
            last = tasks.stream().findFirst().map(t -> "task on " + (t.node().isEmpty() ? "no node" : t.node()) + " " + t.state()
                    + (t.error() == null || t.error().isBlank() ? "" : ": " + t.error())).orElse(last);
            if (!clock.instant().isBefore(deadline)) {
                return new SwarmDeployResult.Failed(service.service(), what + " did not finish within " + timeout.toSeconds()
                        + "s (" + last + "); the rollout stopped. Raise spec.rollout.healthTimeout if it needs longer", false);
            }
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SwarmDeployResult.Failed(service.service(), "interrupted while waiting for " + what, false);
            }
        }
    }

    /** The task states of a task that runs or is on its way to run: a stopped service has none in them. */
    private static final Set<String> ACTIVE = Set.of("new", "pending", "assigned", "accepted", "preparing", "ready", "starting",
            "running");

    /**
     * The replicated services of the project (shipshape's and those {@code docker stack deploy} made, not one-shot
     * jobs) that {@code spec.state: stopped} has yet to stop: scaled above 0, or at 0 with a task still running (a
     * pass that timed out: the next one waits for it again).
     */
    public List<ObservedService> notStopped(String project) {
        return swarm.services(project).stream()
                .filter(o -> !o.labels().containsKey(JOB) && o.replicas() != null)
                .filter(o -> o.replicas() > 0 || swarm.tasks(o.id()).stream().anyMatch(t -> ACTIVE.contains(t.state())))
                .toList();
    }

    /**
     * The project's services in global mode (one task on every node): only {@code docker stack deploy} makes them,
     * and Swarm can neither scale one to 0 nor turn it into a replicated service.
     */
    public List<ObservedService> global(String project) {
        return swarm.services(project).stream().filter(o -> !o.labels().containsKey(JOB) && o.replicas() == null).toList();
    }

    /**
     * Whether {@code o} differs from {@code def} only by running 0 tasks (what {@code state: stopped} left): the
     * release's count brings it back, nothing else changes.
     */
    public static boolean onlyScaledToZero(ObservedService o, SwarmServiceDefinition def) {
        if (o.replicas() == null || o.replicas() != 0 || def.replicas() == 0) {
            return false;
        }
        ObservedService counted = new ObservedService(o.id(), o.name(), o.versionIndex(), o.labels(), o.image(), def.replicas(),
                o.env(), o.args(), o.updateState(), o.updateMessage());
        return !differs(counted, def);
    }

    /**
     * {@code spec.state: stopped} on a swarm (the runbook's down): scales each service to 0 tasks, keeping its spec,
     * volumes and configs (state: running scales it back), and waits until none of their tasks runs. Null when all
     * stopped within the timeout, else the first service still running a task.
     */
    public SwarmDeployResult.Failed stop(String project, List<ObservedService> services, Duration timeout) {
        for (ObservedService o : services) {
            if (o.replicas() != null && o.replicas() == 0) {
                continue; // scaled by an earlier pass that timed out: only its tasks are waited for
            }
            LOG.info("scaling Swarm service {} to 0 tasks (state: stopped)", o.name());
            swarm.scale(o, 0);
        }
        Instant deadline = clock.instant().plus(timeout);
        List<ObservedService> pending = new ArrayList<>(services);
        while (true) {
            pending.removeIf(o -> swarm.tasks(o.id()).stream().noneMatch(t -> ACTIVE.contains(t.state())));
            if (pending.isEmpty()) {
                return null;
            }
            ObservedService first = pending.get(0);
            String service = first.name().startsWith(project + "_") ? first.name().substring(project.length() + 1) : first.name();
            if (!clock.instant().isBefore(deadline)) {
                return new SwarmDeployResult.Failed(service, "a task of Swarm service " + first.name() + " still runs "
                        + timeout.toSeconds() + "s after it was scaled to 0; `docker service ps " + first.name()
                        + "` shows why (the next pass looks again)", false);
            }
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SwarmDeployResult.Failed(service, "interrupted while stopping " + first.name(), false);
            }
        }
    }

    /** Whether the service must be updated: made from another definition, or changed by hand since. */
    static boolean differs(ObservedService o, SwarmServiceDefinition def) {
        if (!def.configHash().equals(o.labels().get(CONFIG_HASH))) {
            return true;
        }
        List<String> env = def.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
        List<String> args = def.command() == null ? List.of() : def.command();
        return !Adoption.sameImage(def.image(), o.image()) || o.replicas() == null || o.replicas() != def.replicas()
                || !env.equals(o.env()) || !args.equals(o.args());
    }

    /** @param adopted whether the service was adopted as {@code def}: its tasks then run it without saying so */
    private long runningTasks(String id, SwarmServiceDefinition def, boolean adopted) {
        return swarm.tasks(id).stream().filter(t -> t.running() && runs(t, def, adopted)).count();
    }

    /**
     * Whether a task runs {@code def}: its container's config-hash label says so, or it has none and the service was
     * adopted as {@code def} (a task {@code docker stack deploy} made carries no shipshape label).
     */
    static boolean runs(ObservedTask t, SwarmServiceDefinition def, boolean adopted) {
        return def.configHash().equals(t.configHash())
                || (adopted && (t.configHash() == null || t.configHash().isEmpty()));
    }

    /**
     * Follows the services of a layer together until all their tasks run on the specs just written, one fails, or the
     * health timeout passes; the first failure seen (in start order) is the layer's.
     */
    private SwarmDeployResult.Failed await(List<Following> layer, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        Map<String, String> lastProblem = new LinkedHashMap<>();
        List<Following> pending = new ArrayList<>(layer);
        while (!pending.isEmpty()) {
            for (Iterator<Following> it = pending.iterator(); it.hasNext(); ) {
                Following f = it.next();
                Step step = look(f);
                if (step.failed() != null) {
                    return step.failed();
                }
                if (step.done()) {
                    it.remove();
                } else if (step.problem() != null) {
                    lastProblem.put(f.def().service(), step.problem());
                }
            }
            if (pending.isEmpty()) {
                return null;
            }
            if (!clock.instant().isBefore(deadline)) {
                Following f = pending.get(0);
                return new SwarmDeployResult.Failed(f.def().service(), "not running and healthy within " + timeout.toSeconds()
                        + "s (" + lastProblem.getOrDefault(f.def().service(), "no task ran yet") + ")", false);
            }
            try {
                Thread.sleep(pollEvery.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new SwarmDeployResult.Failed(pending.get(0).def().service(), "interrupted while following the rollout", false);
            }
        }
        return null;
    }

    private record Step(boolean done, SwarmDeployResult.Failed failed, String problem) {
    }

    /** One look at a followed service: done, failed (removed, or its update rolled back or paused), or why not yet. */
    private Step look(Following f) {
        SwarmServiceDefinition def = f.def();
        ObservedService s = swarm.service(f.id());
        if (s == null) {
            return new Step(false, new SwarmDeployResult.Failed(def.service(), "the service was removed while it was rolled out", false), null);
        }
        // only a spec just written has an update status that says how this pass's update went
        if (f.changed() && s.updateState() != null && FAILED_UPDATE.contains(s.updateState())) {
            boolean rolledBack = s.updateState().startsWith("rollback");
            String why = (rolledBack ? "its new tasks did not run healthy, and Swarm rolled the service back"
                    : "Swarm paused its update") + " (" + (s.updateMessage() == null ? s.updateState() : s.updateMessage()) + ")";
            return new Step(false, new SwarmDeployResult.Failed(def.service(), why + taskError(f.id()), rolledBack), null);
        }
        boolean updating = f.changed() && s.updateState() != null && !"completed".equals(s.updateState());
        // counted by the definition each task runs (its container's config-hash label): right after an update
        // call, the old tasks still run and Swarm may not have marked the update started yet
        List<ObservedTask> tasks = swarm.tasks(f.id());
        boolean adopted = def.configHash().equals(s.labels().get(ADOPTED));
        long running = tasks.stream().filter(t -> t.running() && runs(t, def, adopted)).count();
        if (!updating && running >= def.replicas() && tasks.stream().filter(ObservedTask::running).count() == def.replicas()) {
            return new Step(true, null, null);
        }
        String problem = tasks.stream().filter(t -> t.error() != null && !t.error().isBlank()).findFirst()
                .map(t -> "task on " + (t.node().isEmpty() ? "no node" : t.node()) + " " + t.state() + ": " + t.error())
                .orElse(running + " of " + def.replicas() + " task(s) running");
        return new Step(false, null, problem);
    }

    /** The newest error a task of the service reported, with its node: why the new tasks failed. */
    private String taskError(String id) {
        return swarm.tasks(id).stream().filter(t -> t.error() != null && !t.error().isBlank()).findFirst()
                .map(t -> "; last task error" + (t.node().isEmpty() ? "" : " on " + t.node()) + ": " + t.error()).orElse("");
    }

    /**
     * Services of this project shipshape made that the release no longer has, and configs shipshape made that no
     * service uses. What {@code docker stack deploy} made (services, configs, its overlay network) is never removed.
     */
    private void removeUnused(String project, List<SwarmServiceDefinition> defs, Map<String, ObservedService> observed) {
        Set<String> wanted = defs.stream().map(SwarmServiceDefinition::name).collect(Collectors.toSet());
        for (ObservedService o : observed.values()) {
            if (!wanted.contains(o.name()) && "true".equals(o.labels().get(MANAGED))) {
                LOG.info("removing Swarm service {}: the release has no such service any more", o.name());
                swarm.remove(o.id());
            }
        }
        Set<String> used = new HashSet<>();
        defs.forEach(d -> d.configs().forEach(c -> used.add(c.configName())));
        swarm.configs(project).forEach((name, cid) -> {
            if (!used.contains(name)) {
                swarm.removeConfig(cid);
            }
        });
    }

    private Map<String, ObservedService> byName(String project) {
        return swarm.services(project).stream().collect(Collectors.toMap(ObservedService::name, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }
}
