package dev.shipshape.controller.loop;

import dev.shipshape.model.plan.Plan;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a running pass is made moot by a container going down, so the control loop only schedules.
 * A pass that only brings services back (a heal) spends most of its time waiting for their health
 * checks; when another service's container stops or goes away meanwhile, it is cancelled (what it
 * created or started stays) so the next pass brings that one back at once instead of after the wait,
 * which lasts up to the health timeout for a service that never gets healthy. So is such a pass when
 * the container it waits for was removed: that one can never pass its check. (When it only stopped,
 * its health wait says why, with its exit code.) Any other pass, a rollout above all, is left alone.
 *
 * <p>Not thread-safe: the loop calls it holding its own lock.
 */
final class HealCancel {
    /** The services the running pass only brings back, or null (not planned yet, or not a heal). */
    private Set<String> healing;
    /** Services whose container stopped or went away since the running pass started. */
    private final Set<String> endedDuringPass = new HashSet<>();
    /** Services whose container was removed while the running pass waited for it. */
    private final Set<String> removedWhileHealing = new HashSet<>();

    /** A new pass starts: nothing has ended during it yet. */
    void passStarted() {
        healing = null;
        endedDuringPass.clear();
        removedWhileHealing.clear();
    }

    /** The running pass planned {@code plan}. @return why to cancel it now, or empty */
    Optional<String> planned(Plan plan) {
        healing = plan.healedServices().orElse(null);
        return verdict();
    }

    /**
     * A container of {@code service} stopped or went away ({@code removed}: it no longer exists) while a
     * pass runs. @return why to cancel that pass now, or empty
     */
    Optional<String> ended(String service, boolean removed) {
        // A removal before the pass planned is in its plan when it observed it, and a create of it
        // must not be cancelled; only a removal of what it already waits for is final.
        (removed && healing != null ? removedWhileHealing : endedDuringPass).add(service);
        return verdict();
    }

    private Optional<String> verdict() {
        if (healing == null) {
            return Optional.empty();
        }
        Set<String> down = new TreeSet<>(endedDuringPass);
        down.removeAll(healing);
        down.addAll(removedWhileHealing);
        if (down.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", down) + " went down while this pass waited for "
                + String.join(", ", new TreeSet<>(healing)) + " to become healthy; looking again");
    }
}
