package dev.shipshape.controller.loop;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.controller.ProjectLock;
import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.RolloutGuard;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.http.HttpEndpoints;
import dev.shipshape.controller.notify.NotificationResults;
import dev.shipshape.controller.notify.Notifier;
import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.controller.resilience.Backoff;
import dev.shipshape.controller.resilience.CrashLoopGuard;
import dev.shipshape.controller.source.DesiredSource;
import dev.shipshape.controller.source.FileSource;
import dev.shipshape.controller.status.NodeStatus;
import dev.shipshape.controller.status.ServiceStatus;
import dev.shipshape.controller.status.StatusTracker;
import dev.shipshape.controller.swarm.SwarmTaskCounts;
import dev.shipshape.model.desired.RuntimeKind;
import dev.shipshape.controller.updates.ReleaseUpdates;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.shipshape.model.ShipshapeException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code shipshape run}: the continuous controller for one project. Holds the project lock, runs
 * the control loop, wakes it on desired-file changes, Docker events and a timer, and serves
 * health, readiness, status and metrics on loopback.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    /** Docker events after which a container is stopped or gone. */
    private static final Set<String> ENDINGS = Set.of("die", "stop", "oom", "destroy");
    /** When to look again after such an event: the engine updates its container list a moment later. */
    private static final List<Duration> SETTLE = List.of(Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(3));

    /**
     * @param bindAddress where the HTTP endpoints listen; loopback unless the operator opts in
     * @param port        0 picks a free port
     * @param desiredFile the desired file with {@code -f}; null when the source is a Git branch
     * @param allowTrigger serve {@code POST /trigger}, which asks the source to look for a new desired state now
     * @param triggerToken the token {@code POST /trigger} must carry as a bearer token; null: none
     */
    public record Settings(Path desiredFile, String bindAddress, int port, Duration resync, Duration shutdownGrace,
                           boolean allowTrigger, String triggerToken) {
        public Settings(Path desiredFile, String bindAddress, int port, Duration resync, Duration shutdownGrace) {
            this(desiredFile, bindAddress, port, resync, shutdownGrace, false, null);
        }

        public Settings(Path desiredFile, String bindAddress, int port, Duration resync, Duration shutdownGrace,
                        boolean allowTrigger) {
            this(desiredFile, bindAddress, port, resync, shutdownGrace, allowTrigger, null);
        }

        @Override
        public String toString() {
            // The token stays out of logs and exception texts.
            return "Settings[desiredFile=" + desiredFile + ", bindAddress=" + bindAddress + ", port=" + port + ", resync="
                    + resync + ", allowTrigger=" + allowTrigger + ", triggerToken=" + (triggerToken == null ? "none" : "***") + "]";
        }
    }

    private final Reconciliation reconciliation;
    private final DockerClient docker;
    private final ControllerMetrics metrics;
    private final CrashLoopGuard crashLoops;
    private final Backoff backoff;
    private final Clock clock;
    private final RolloutGuard rollouts;
    private final GitMetrics gitMetrics;
    private final ServerEvents events;
    private final Notifier notifier;
    private final ReleaseUpdates updates;
    private final SwarmTaskCounts swarmTasks;
    private final List<AutoCloseable> started = new ArrayList<>();
    private ControlLoop loop;
    private HttpEndpoints http;
    private StatusTracker status;
    private Duration shutdownGrace = Duration.ofSeconds(30);

    @Inject
    public Controller(Reconciliation reconciliation, DockerClient docker, ControllerMetrics metrics, CrashLoopGuard crashLoops,
                      Backoff backoff, Clock clock, RolloutGuard rollouts, GitMetrics gitMetrics, ServerEvents events,
                      Notifier notifier, ReleaseUpdates updates, SwarmTaskCounts swarmTasks) {
        this.swarmTasks = swarmTasks;
        this.gitMetrics = gitMetrics;
        this.events = events;
        this.notifier = notifier;
        this.updates = updates;
        this.reconciliation = reconciliation;
        this.docker = docker;
        this.metrics = metrics;
        this.crashLoops = crashLoops;
        this.backoff = backoff;
        this.clock = clock;
        this.rollouts = rollouts;
    }

    /** Starts everything; the desired file must be valid now (later edits may be invalid: they are reported, not applied). */
    public synchronized void start(Settings settings, DesiredFile desired) {
        start(settings, new FileSource(settings.desiredFile()), desired);
    }

    /**
     * Starts everything with the desired state coming from {@code source}, which the controller now
     * owns (it closes it); {@code desired} is its current, valid desired state, which names the project.
     */
    public synchronized void start(Settings settings, DesiredSource source, DesiredFile desired) {
        ProjectContext project = ProjectContext.of(desired);
        shutdownGrace = settings.shutdownGrace();
        started.add(source);
        try {
            started.add(ProjectLock.acquire(project.paths(), project.project(), "shipshape run"));
            status = StatusTracker.resume(project.project(), project.paths().projectDir(), clock);
            CrashLoopGate gate = new CrashLoopGate(crashLoops, clock);
            StatusTracker tracker = status;
            tracker.notifications(NotificationResults.of(notifier.results(project)));
            notifier.onResults(results -> tracker.notifications(NotificationResults.of(results)));
            events.configure(project);
            boolean swarm = project.desired().spec().runtime() == RuntimeKind.SWARM;
            if (swarm) {
                // on a swarm the status lists the Swarm services' tasks (on every node), not this host's containers
                swarmTasks.listen(counts -> tracker.swarm(ServiceStatus.ofSwarm(project.project(), counts),
                        NodeStatus.of(swarmTasks.nodes())));
            }
            LoopListener listener = new ServerEventsListener(new StatusAndMetrics(status, metrics, gitMetrics, swarm), events,
                    clock, project.project());
            loop = new ControlLoop(source, reconciliation::pass, listener,
                    new ControlLoop.RetryDelay() {
                        @Override
                        public Duration next() {
                            return backoff.next();
                        }

                        @Override
                        public void reset() {
                            backoff.reset();
                        }
                    }, List.of(gate), rollouts);
            // spec.updates: each pass works towards the effective target; under --git (no -f) auto is refused
            boolean underGit = settings.desiredFile() == null;
            loop.aimWith(file -> {
                ReleaseUpdates.Effective effective = updates.effective(file, underGit);
                tracker.updates(effective.status());
                return effective.file();
            });
            InetAddress bind = address(settings.bindAddress());
            http = new HttpEndpoints(status::snapshot, metrics, loop::alive, bind, settings.port(), !bind.isLoopbackAddress());
            if (settings.allowTrigger()) {
                http.allowTrigger(source::refresh, settings.triggerToken());
            }
            http.start();
            started.add(http);
            ControlLoop l = loop;
            source.start(l::desiredFileChanged);
            DockerEventsWatcher events = new DockerEventsWatcher(docker, project.project(), (service, action) -> {
                if (service != null && (action.equals("die") || action.equals("oom"))) {
                    crashLoops.recordDeath(service, clock.instant());
                }
                String why = "docker event " + action + (service == null ? "" : " of " + service);
                if (service == null || !ENDINGS.contains(action)) {
                    loop.trigger(why);
                } else {
                    loop.serviceEnded(service, action.equals("destroy"), why);
                    // The engine sends these before its container list shows the container stopped or gone, so
                    // the pass they wake can still see it running: look again once the engine has settled.
                    SETTLE.forEach(d -> loop.triggerAfter(d, why + ", settled"));
                }
            });
            events.start();
            started.add(events);
            loop.resyncEvery(settings.resync());
            loop.trigger("controller started");
            LOG.info("controlling project {} from {}; endpoints on http://{}:{}/", project.project(), source.describe(),
                    settings.bindAddress(), http.port());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ShipshapeException("cannot listen on '" + host + "': unknown address; use an IP address such as 127.0.0.1");
        }
    }

    public synchronized int port() {
        return http.port();
    }

    public StatusTracker status() {
        return status;
    }

    /** Graceful: the running action finishes or stops at a safe point, then everything stops; the next start resumes. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.stop(shutdownGrace);
            loop = null;
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", started.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        started.clear();
    }
}
