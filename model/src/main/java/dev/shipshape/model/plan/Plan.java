package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;

import java.util.List;

/**
 * An ordered list of actions towards {@code target}; {@code path} lists the releases still to go
 * through after it (an upgrade path), {@code rollback} says why the target is an older version.
 * An ordered list of actions. {@code waitingFor} says why planning stopped early: what the plan
 * does not show yet because it depends on an earlier action (the package's content is unknown
 * until it is downloaded). An empty plan with nothing waiting means converged.
 */
public record Plan(Version target, Version installed, List<Action> actions, List<String> waitingFor,
                   List<String> notices, List<Version> path, DesiredState.Rollback rollback) {
    public Plan {
        actions = List.copyOf(actions);
        waitingFor = List.copyOf(waitingFor);
        notices = List.copyOf(notices);
        path = List.copyOf(path == null ? List.of() : path);
    }

    public Plan(Version target, Version installed, List<Action> actions, List<String> waitingFor, List<String> notices) {
        this(target, installed, actions, waitingFor, notices, List.of(), null);
    }

    public boolean converged() {
        return actions.isEmpty() && waitingFor.isEmpty();
    }
}
