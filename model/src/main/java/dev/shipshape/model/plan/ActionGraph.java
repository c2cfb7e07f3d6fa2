package dev.shipshape.model.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which actions of a plan must be done before each one may start. Creations and recreations of
 * services wait only for the services they depend on (and for the last other action before them),
 * so an independent service does not wait for a slow one, and a dependent one starts as soon as
 * what it depends on is healthy. Every other action is a barrier: it waits for everything before
 * it, and everything after it waits for it (pull before any stop, clean-up and record last).
 *
 * @param prerequisites for each action (by index in the plan), the indexes of the actions it waits for
 */
public record ActionGraph(List<Action> actions, List<Set<Integer>> prerequisites) {
    public ActionGraph {
        actions = List.copyOf(actions);
        prerequisites = prerequisites.stream().map(Set::copyOf).toList();
    }

    public static ActionGraph of(List<Action> actions) {
        List<Set<Integer>> prerequisites = new ArrayList<>();
        int barrier = -1;                                 // the last action everything after it waits for
        List<Integer> sinceBarrier = new ArrayList<>();   // service actions after that barrier
        Map<String, Integer> serviceAction = new HashMap<>(); // service -> its action after the barrier
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            List<String> deps = dependencies(a);
            Set<Integer> before = new LinkedHashSet<>();
            if (deps == null) {
                // a barrier: after everything before it
                if (barrier >= 0) {
                    before.add(barrier);
                }
                before.addAll(sinceBarrier);
                barrier = i;
                sinceBarrier.clear();
                serviceAction.clear();
            } else {
                if (barrier >= 0) {
                    before.add(barrier);
                }
                for (String d : deps) {
                    Integer j = serviceAction.get(d);
                    if (j != null) {
                        before.add(j);
                    }
                }
                sinceBarrier.add(i);
                serviceAction.put(a.service(), i);
            }
            prerequisites.add(before);
        }
        return new ActionGraph(actions, prerequisites);
    }

    /**
     * For each action, how many actions at the most must be done before it may start: actions of the
     * same depth can run side by side, so a plan's restarts read as steps by depth.
     */
    public int[] depths() {
        int[] depth = new int[actions.size()];
        for (int i = 0; i < depth.length; i++) { // prerequisites always come earlier in the plan
            for (int p : prerequisites.get(i)) {
                depth[i] = Math.max(depth[i], depth[p] + 1);
            }
        }
        return depth;
    }

    /** Whether action {@code i} runs alone: everything before it is done and nothing after it starts until it is. */
    public boolean runsAlone(int i) {
        return dependencies(actions.get(i)) == null;
    }

    /** The services an action's service depends on, or null when the action is a barrier. */
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
