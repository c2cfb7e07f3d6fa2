package dev.shipshape.model.plan;

import dev.shipshape.model.Version;

import java.util.List;

/**
 * An ordered list of actions. {@code waitingFor} says why planning stopped early: what the plan
 * does not show yet because it depends on an earlier action (the package's content is unknown
 * until it is downloaded). An empty plan with nothing waiting means converged.
 */
public record Plan(Version target, Version installed, List<Action> actions, List<String> waitingFor,
                   List<String> notices) {
    public Plan {
        actions = List.copyOf(actions);
        waitingFor = List.copyOf(waitingFor);
        notices = List.copyOf(notices);
    }

    public boolean converged() {
        return actions.isEmpty() && waitingFor.isEmpty();
    }
}
