package dev.shipshape.controller.cli;

import dev.shipshape.controller.swarm.SwarmTaskCounts;
import dev.shipshape.model.desired.RuntimeKind;
import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.observe.Observation;
import dev.shipshape.reconcilers.observe.ProjectObserver;
import dev.shipshape.reconcilers.swarm.SwarmApi;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

@Command(name = "check", description = "Per-service state and health (the runbook's check).%n"
        + "Exit codes: 0 every service running and healthy, 1 otherwise.")
final class CheckCommand extends ProjectCommand {
    @Override
    public Integer call() {
        ProjectContext project = file.load();
        Observation o = Injection.injector().getInstance(ProjectObserver.class).observe(project);
        if (project.desired().spec().runtime() == RuntimeKind.SWARM) {
            return swarm(project, o);
        }
        List<String> services = o.desired().rendered() != null
                ? o.desired().rendered().compose().startOrder().stream().map(s -> s.name()).toList()
                : List.copyOf(new TreeSet<>(o.observed().containers().stream()
                        .map(ObservedContainer::service).filter(s -> s != null).toList()));
        PrintWriter out = out();
        out.printf("%-16s %-10s %-10s %-10s %s%n", "SERVICE", "STATE", "HEALTH", "VERSION", "CONTAINER");
        boolean allHealthy = !services.isEmpty();
        for (String service : services) {
            String name = project.project() + "-" + service + "-1";
            List<ObservedContainer> all = o.observed().containersOf(service);
            // shipshape's name first; else one docker compose v1 named project_service_1 (adopted or not)
            ObservedContainer c = all.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElse(all.isEmpty() ? null : all.get(0));
            if (c == null) {
                out.printf("%-16s %-10s %-10s %-10s %s%n", service, "missing", "-", "-", "-");
                allHealthy = false;
                continue;
            }
            boolean healthy = c.state() == ContainerState.RUNNING && (c.health() == Health.HEALTHY || c.health() == Health.NONE);
            allHealthy &= healthy;
            out.printf("%-16s %-10s %-10s %-10s %s%n", service, c.state(), c.health() == Health.NONE ? "no check" : c.health(),
                    c.version() == null ? "?" : c.version(), c.name() + " " + c.shortId());
        }
        out.println(allHealthy ? "all services healthy" : services.isEmpty() ? "no services found for project " + project.project()
                : "not every service is healthy");
        out.flush();
        return allHealthy ? 0 : 1;
    }

    /**
     * On a swarm: per Swarm service its running and desired tasks and version, then each task's node and state, with
     * the error Swarm gives for a task that can't be scheduled or started. Healthy: every service runs all its tasks.
     */
    private Integer swarm(ProjectContext project, Observation o) {
        Map<String, SwarmTaskCounts.Counts> seen = SwarmTaskCounts.observe(Injection.injector().getInstance(SwarmApi.class),
                project.project());
        List<String> services = o.desired().rendered() != null
                ? o.desired().rendered().compose().startOrder().stream().map(s -> s.name()).toList()
                : List.copyOf(new TreeSet<>(seen.keySet()));
        PrintWriter out = out();
        out.printf("%-16s %-10s %-10s %s%n", "SERVICE", "TASKS", "VERSION", "SWARM SERVICE");
        boolean allRunning = !services.isEmpty();
        for (String service : services) {
            SwarmTaskCounts.Counts c = seen.get(service);
            if (c == null) {
                out.printf("%-16s %-10s %-10s %s%n", service, "missing", "-", "-");
                allRunning = false;
                continue;
            }
            allRunning &= c.running() >= c.desired();
            out.printf("%-16s %-10s %-10s %s%n", service, c.running() + "/" + c.desired(), c.version() == null ? "?" : c.version(),
                    project.project() + "_" + service);
            for (SwarmTaskCounts.Task t : c.tasks()) {
                out.printf("  task %-3d on %-14s %-10s%s%n", t.slot(), t.node().isEmpty() ? "(no node)" : t.node(), t.state(),
                        t.error() == null ? "" : " " + t.error());
            }
        }
        out.println(allRunning ? "all services running all their tasks" : services.isEmpty() ? "no Swarm services found for project "
                + project.project() : "not every service runs all its tasks");
        out.flush();
        return allRunning ? 0 : 1;
    }
}
