package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered list of actions towards {@code target}; {@code path} lists the releases still to go
 * through after it (an upgrade path), {@code rollback} says why the target is an older version.
 * {@code waitingFor} says why planning stopped early: what the plan does not show yet because it
 * depends on an earlier action (the package's content is unknown until it is downloaded). An empty
 * plan with nothing waiting means converged. {@code images} are the target's images by service,
 * pinned or floating (empty while the package is not in the store).
 */
public record Plan(Version target, Version installed, List<Action> actions, List<String> waitingFor,
                   List<String> notices, List<Version> path, DesiredState.Rollback rollback, List<ServiceImage> images,
                   Held held) {
    /**
     * What a closed maintenance window holds back (see {@link WindowPolicy}).
     *
     * @param actions     the held actions, in plan order
     * @param nextOpening when the window opens next, or null when unknown
     * @param window      the window for people: {@code sat, sun 02:00-05:00 Europe/Berlin}
     */
    public record Held(List<Action> actions, java.time.Instant nextOpening, String window) {
        public Held {
            actions = List.copyOf(actions);
        }
    }

    public Plan {
        actions = List.copyOf(actions);
        waitingFor = List.copyOf(waitingFor);
        notices = List.copyOf(notices);
        path = List.copyOf(path == null ? List.of() : path);
        images = List.copyOf(images == null ? List.of() : images);
    }

    public Plan(Version target, Version installed, List<Action> actions, List<String> waitingFor,
                List<String> notices, List<Version> path, DesiredState.Rollback rollback, List<ServiceImage> images) {
        this(target, installed, actions, waitingFor, notices, path, rollback, images, null);
    }

    public Plan(Version target, Version installed, List<Action> actions, List<String> waitingFor,
                List<String> notices, List<Version> path, DesiredState.Rollback rollback) {
        this(target, installed, actions, waitingFor, notices, path, rollback, List.of());
    }

    public Plan(Version target, Version installed, List<Action> actions, List<String> waitingFor, List<String> notices) {
        this(target, installed, actions, waitingFor, notices, List.of(), null);
    }

    public Plan withImages(List<ServiceImage> images) {
        return new Plan(target, installed, actions, waitingFor, notices, path, rollback, images, held);
    }

    public Plan withHeld(Held held) {
        return new Plan(target, installed, actions, waitingFor, notices, path, rollback, images, held);
    }

    public boolean converged() {
        return actions.isEmpty() && waitingFor.isEmpty();
    }

    /**
     * The services this plan only brings back at the installed version (creates a missing container
     * or starts a stopped one), or empty when it does anything else: a rollout, a pull, a job, a
     * removal. Such a plan spends most of its time waiting for their health checks.
     */
    public Optional<Set<String>> healedServices() {
        if (actions.isEmpty() || installed == null || !installed.sameAs(target)) {
            return Optional.empty();
        }
        Set<String> services = new HashSet<>();
        for (Action a : actions) {
            if (a instanceof CreateService c) {
                services.add(c.spec().name());
            } else if (a instanceof StartService s && !s.isHealthRecheck()) {
                services.add(s.service());
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(Set.copyOf(services));
    }
}
