package dev.shipshape.controller.swarm;

import dev.shipshape.reconcilers.swarm.ObservedService;
import dev.shipshape.reconcilers.swarm.ObservedTask;
import dev.shipshape.reconcilers.swarm.SwarmApi;
import dev.shipshape.reconcilers.swarm.SwarmDeployer;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The desired and running tasks of each Swarm service, and where its tasks are, as the last pass saw them: for
 * {@code /metrics} ({@code controller.metrics.SwarmMetrics} listens), the status ({@code run}, {@code apply}) and
 * whoever else wants the swarm's figures. Holds no I/O; {@link #observe} asks a swarm.
 */
@Singleton
public final class SwarmTaskCounts {
    /**
     * @param desired the service's replicas; {@code running} its tasks that run (healthy, when it has a check)
     * @param version the {@code dev.shipshape.version} label of the service, or null
     * @param tasks   its current tasks (those Swarm wants running, wherever they are), and when fewer run than are
     *                desired the newest task that failed with an error (an image no node can pull, a rejected task)
     */
    public record Counts(int desired, int running, String version, List<Task> tasks) {
        public Counts {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }

        public Counts(int desired, int running) {
            this(desired, running, null, List.of());
        }
    }

    /**
     * A task as Swarm reports it.
     *
     * @param node  the hostname of its node, empty while it is not assigned (no node matches)
     * @param state Swarm's task state (pending, running, rejected, failed…)
     * @param error what Swarm says is wrong (the scheduler's "no suitable node (…)", a pull error), or null
     */
    public record Task(int slot, String node, String state, String desiredState, String error) {
    }

    /**
     * A node of the swarm.
     *
     * @param availability active, pause or drain ({@code docker node update --availability})
     * @param state        ready, down, disconnected, unknown
     */
    public record Node(String hostname, String availability, String state, boolean manager) {
    }

    private final List<Consumer<Map<String, Counts>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Counts> last = Map.of();
    private volatile List<Node> nodes = List.of();

    public void listen(Consumer<Map<String, Counts>> listener) {
        listeners.add(listener);
    }

    /** By service name (the release's, not the Swarm service's). */
    public Map<String, Counts> last() {
        return last;
    }

    /** The swarm's nodes as the last pass saw them (set before the listeners hear of the counts). */
    public List<Node> nodes() {
        return nodes;
    }

    void update(Map<String, Counts> counts) {
        update(counts, nodes);
    }

    void update(Map<String, Counts> counts, List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
        last = Map.copyOf(counts);
        listeners.forEach(l -> l.accept(last));
    }

    /** What the swarm runs of the project now, by the release's service name (the Swarm service without its prefix). */
    public static Map<String, Counts> observe(SwarmApi swarm, String project) {
        Map<String, Counts> out = new LinkedHashMap<>();
        for (ObservedService s : swarm.services(project)) {
            String service = s.name().startsWith(project + "_") ? s.name().substring(project.length() + 1) : s.name();
            out.put(service, counts(s, swarm.tasks(s.id())));
        }
        return out;
    }

    /** The swarm's nodes now, by hostname. */
    public static List<Node> nodes(SwarmApi swarm) {
        return swarm.nodes().stream().map(n -> new Node(n.hostname(), n.availability(), n.state(), n.manager())).toList();
    }

    /** One service's figures from its tasks (newest first, as {@link SwarmApi#tasks} gives them). */
    static Counts counts(ObservedService s, List<ObservedTask> tasks) {
        int desired = s.replicas() == null ? 0 : s.replicas();
        int running = (int) tasks.stream().filter(ObservedTask::running).count();
        List<Task> shown = new ArrayList<>();
        tasks.stream().filter(t -> "running".equals(t.desiredState())).sorted(java.util.Comparator.comparingInt(ObservedTask::slot))
                .forEach(t -> shown.add(task(t)));
        if (running < desired && shown.stream().noneMatch(t -> t.error() != null)) {
            tasks.stream().filter(t -> t.error() != null && !t.error().isBlank()).findFirst().ifPresent(t -> shown.add(task(t)));
        }
        return new Counts(desired, running, s.labels().get(SwarmDeployer.VERSION), shown);
    }

    private static Task task(ObservedTask t) {
        return new Task(t.slot(), t.node(), t.state(), t.desiredState(), t.error() == null || t.error().isBlank() ? null : t.error());
    }
}
