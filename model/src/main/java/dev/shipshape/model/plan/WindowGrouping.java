package dev.shipshape.model.plan;

import dev.shipshape.model.desired.RolloutStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * With {@code rollout.strategy: window}, gathers a plan's service creations and replacements into one
 * {@link ReplaceWindow}. Pure. Only when at least two running services are replaced: a window of one
 * is a plain replacement, and an install or a heal (creations only) has nothing old to keep serving.
 */
final class WindowGrouping {
    private WindowGrouping() {
    }

    static List<Action> group(List<Action> actions, RolloutStrategy strategy) {
        if (strategy != RolloutStrategy.WINDOW) {
            return actions;
        }
        List<RecreateService> replaced = new ArrayList<>();
        List<CreateService> created = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (a instanceof RecreateService r) {
                replaced.add(r);
                last = i;
            } else if (a instanceof CreateService c) {
                created.add(c);
                last = i;
            }
        }
        if (replaced.size() < 2) {
            return actions;
        }
        // In the place of the last member: the leftovers removed before each member (they may hold a port)
        // and the upgrade jobs come before it; clean-up and the installed-version record after it.
        List<Action> out = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (i == last) {
                out.add(new ReplaceWindow(replaced, created, replaced.get(0).version()));
            } else if (!(a instanceof RecreateService) && !(a instanceof CreateService)) {
                out.add(a);
            }
        }
        return out;
    }
}
