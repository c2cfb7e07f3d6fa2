package dev.shipshape.controller.status;

import dev.shipshape.model.observed.ObservedContainer;

import java.util.Comparator;
import java.util.List;

/**
 * One container of the project as a pass found it: names, Docker's state and health words, and the
 * version label shipshape gave it. Nothing from its configuration or environment.
 *
 * @param service   the compose service, or null for a container without one
 * @param container the container's name
 * @param state     Docker's state ({@code running}, {@code exited}, …)
 * @param health    Docker's health ({@code healthy}, {@code starting}, …, or {@code none})
 * @param version   the release version it was created for, or null when shipshape did not create it
 * @param uptime    how long it has been up, in Docker's words ({@code 3 minutes}), or null when it is not up
 */
public record ServiceStatus(String service, String container, String state, String health, String version,
                            String uptime) {
    public static List<ServiceStatus> of(List<ObservedContainer> containers) {
        return containers.stream()
                .map(c -> new ServiceStatus(c.service(), c.name(), String.valueOf(c.state()), String.valueOf(c.health()),
                        c.version(), c.uptime()))
                .sorted(Comparator.comparing((ServiceStatus s) -> s.service() == null ? "" : s.service())
                        .thenComparing(s -> s.container() == null ? "" : s.container()))
                .toList();
    }
}
