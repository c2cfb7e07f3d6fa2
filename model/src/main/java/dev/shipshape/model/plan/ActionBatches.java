package dev.shipshape.model.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a plan into batches that may run at the same time: consecutive creations and
 * recreations of services none of which depends on another of the batch. Everything else runs
 * alone, in plan order. A plan lists services in start order, so a dependency chain always ends
 * a batch: the upgrade of many independent services takes the time of the slowest, not the sum,
 * while each service is still gated on its own health check.
 */
public final class ActionBatches {
    private ActionBatches() {
    }

    public static List<List<Action>> of(List<Action> actions) {
        List<List<Action>> batches = new ArrayList<>();
        List<Action> current = new ArrayList<>();
        Set<String> inCurrent = new HashSet<>();
        for (Action a : actions) {
            List<String> deps = dependencies(a);
            boolean joins = deps != null && !current.isEmpty() && dependencies(current.get(0)) != null
                    && deps.stream().noneMatch(inCurrent::contains);
            if (!joins && !current.isEmpty()) {
                batches.add(List.copyOf(current));
                current.clear();
                inCurrent.clear();
            }
            current.add(a);
            if (a.service() != null) {
                inCurrent.add(a.service());
            }
        }
        if (!current.isEmpty()) {
            batches.add(List.copyOf(current));
        }
        return batches;
    }

    /** The services an action's service depends on, or null when the action must run alone. */
    private static List<String> dependencies(Action a) {
        if (a instanceof CreateService c) {
            return c.spec().dependencyNames();
        }
        if (a instanceof RecreateService r) {
            return r.spec().dependencyNames();
        }
        return null;
    }
}
