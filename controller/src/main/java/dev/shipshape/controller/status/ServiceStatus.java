package dev.shipshape.controller.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shipshape.controller.swarm.SwarmTaskCounts;
import dev.shipshape.model.observed.ObservedContainer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One container of the project as a pass found it: names, Docker's state and health words, and the
 * version label shipshape gave it. Nothing from its configuration or environment. On a swarm
 * ({@code runtime: swarm}) one task of a Swarm service: where it runs, Swarm's state for it and, for a task that
 * can't be scheduled or started, the error Swarm gives; with the service's desired and running tasks.
 *
 * @param service      the compose service, or null for a container without one
 * @param container    the container's name; on a swarm the task's, {@code <project>_<service>.<slot>}
 * @param state        Docker's state ({@code running}, {@code exited}, …); on a swarm the task's (pending, running,
 *                     rejected, failed…), or {@code no task}
 * @param health       Docker's health ({@code healthy}, {@code starting}, …, or {@code none}); on a swarm {@code -}:
 *                     a task with a health check only counts as running once healthy
 * @param version      the release version it was created for, or null when shipshape did not create it
 * @param uptime       how long it has been up, in Docker's words ({@code 3 minutes}), or null when it is not up
 * @param node         on a swarm the node the task is on (empty while no node is assigned); null on one host
 * @param desiredTasks on a swarm the service's desired tasks; null on one host
 * @param runningTasks on a swarm the service's running (and healthy) tasks; null on one host
 * @param error        on a swarm what Swarm says is wrong with the task ("no suitable node (…)", a pull error)
 */
public record ServiceStatus(String service, String container, String state, String health, String version,
                            String uptime,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String node,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer desiredTasks,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Integer runningTasks,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    public ServiceStatus(String service, String container, String state, String health, String version, String uptime) {
        this(service, container, state, health, version, uptime, null, null, null, null);
    }

    public static List<ServiceStatus> of(List<ObservedContainer> containers) {
        return containers.stream()
                .map(c -> new ServiceStatus(c.service(), c.name(), String.valueOf(c.state()), String.valueOf(c.health()),
                        c.version(), c.uptime()))
                .sorted(Comparator.comparing((ServiceStatus s) -> s.service() == null ? "" : s.service())
                        .thenComparing(s -> s.container() == null ? "" : s.container()))
                .toList();
    }

    /** The tasks of each Swarm service of {@code project} (by the release's service name); a service without one gets a row. */
    public static List<ServiceStatus> ofSwarm(String project, Map<String, SwarmTaskCounts.Counts> services) {
        List<ServiceStatus> out = new ArrayList<>();
        services.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            SwarmTaskCounts.Counts c = e.getValue();
            String name = project + "_" + e.getKey();
            if (c.tasks().isEmpty()) {
                out.add(new ServiceStatus(e.getKey(), name, "no task", "-", c.version(), null, "", c.desired(), c.running(), null));
            }
            for (SwarmTaskCounts.Task t : c.tasks()) {
                out.add(new ServiceStatus(e.getKey(), name + "." + t.slot(), t.state(), "-", c.version(), null, t.node(), c.desired(),
                        c.running(), t.error()));
            }
        });
        return List.copyOf(out);
    }
}
