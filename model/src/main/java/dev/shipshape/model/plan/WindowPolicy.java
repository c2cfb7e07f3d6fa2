package dev.shipshape.model.plan;

import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.MaintenanceWindow;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.observed.ObservedState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The maintenance window's part of planning (issue 4, part 5), pure: "now" is {@link ObservedState#at()}.
 *
 * <p>While {@code spec.rollout.window} is set and closed, actions that would stop a <em>running</em>
 * container are held back (left out of the plan):
 * <ul>
 *   <li>{@link RecreateService} of a running container (a version or configuration change), and</li>
 *   <li>{@link RemoveContainer} of a running container whose service the release no longer has (an orphan),</li>
 * </ul>
 * and while anything is held, so are upgrade jobs ({@link RunJob#disruptive()}: a migration must not change data
 * the old version still uses) and {@link RecordInstalled} (the new version is not installed yet).
 * The plan then waits for the window, and says when it opens and how many restarts are held.
 *
 * <p>Never held: healing — creating a missing container, starting a stopped one, and recreating one that is
 * not running anyway (it serves nothing, so replacing it restarts nothing); removing a leftover of an
 * interrupted replacement; download, pull and export (they restart nothing: the export swaps the files in
 * the export folder, but running containers keep theirs until they are recreated); adoption; and
 * {@code state: stopped}, which the user asked for explicitly.
 */
public final class WindowPolicy {
    /** How every waiting line of a held plan starts; lets callers tell "waiting for the window" from other waits. */
    public static final String WAITING_PREFIX = "changes that restart services wait for the maintenance window";

    private WindowPolicy() {
    }

    /**
     * @param actions what the plan runs now
     * @param held    what waits for the window, in plan order (without the left-out {@link RecordInstalled})
     * @param waiting one line for {@link Plan#waitingFor()} when anything is held, else empty
     * @param nextOpening when the window opens next, when anything is held
     */
    public record Decision(List<Action> actions, List<Action> held, List<String> waiting, Optional<Instant> nextOpening) {
        public Decision {
            actions = List.copyOf(actions);
            held = List.copyOf(held);
            waiting = List.copyOf(waiting);
        }

        public boolean holding() {
            return !held.isEmpty();
        }
    }

    /** Splits {@code actions} into what runs now and what waits for the window of {@code desired}. */
    public static Decision apply(DesiredState desired, ObservedState observed, List<Action> actions) {
        MaintenanceWindow window = desired.spec().rollout().window();
        Instant now = observed.at();
        if (window == null || window.isOpen(now)) {
            return new Decision(actions, List.of(), List.of(), Optional.empty());
        }
        Split split = split(desired, observed, actions);
        if (split.held().isEmpty()) {
            return new Decision(actions, List.of(), List.of(), Optional.empty());
        }
        Optional<Instant> next = window.nextOpening(now);
        String line = WAITING_PREFIX + ": next opening " + next.map(window::format).orElse("unknown (" + window.describe() + ")")
                + " (" + split.count() + " held)";
        return new Decision(split.run(), split.held(), List.of(line), next);
    }

    /**
     * What a hold of restarts leaves to run now and what it holds: restarts of running services; with them, upgrade
     * jobs and the record of the new version. Shared by the window and the approval ({@link ApprovalPolicy}).
     */
    record Split(List<Action> run, List<Action> held, int restarts, int jobs) {
        /** "2 restarts and 1 upgrade job" */
        String count() {
            return restarts + " restart" + (restarts == 1 ? "" : "s")
                    + (jobs == 0 ? "" : " and " + jobs + " upgrade job" + (jobs == 1 ? "" : "s"));
        }
    }

    static Split split(DesiredState desired, ObservedState observed, List<Action> actions) {
        List<Action> run = new ArrayList<>();
        List<Action> held = new ArrayList<>();
        for (Action a : actions) {
            (restartsRunningService(a, desired, observed) ? held : run).add(a);
        }
        if (held.isEmpty()) {
            return new Split(actions, List.of(), 0, 0);
        }
        int restarts = held.size();
        // An upgrade job (a migration) belongs to the restarts it gates: it must not change data the old version still uses.
        List<Action> jobs = run.stream().filter(a -> a instanceof RunJob && a.disruptive()).toList();
        run.removeAll(jobs);
        held.addAll(jobs);
        held.sort(java.util.Comparator.comparingInt(actions::indexOf));
        run.removeIf(a -> a instanceof RecordInstalled);
        return new Split(run, held, restarts, jobs.size());
    }

    /** Whether {@code plan} has nothing to do now but wait for the maintenance window. */
    public static boolean onlyWaitingForWindow(Plan plan) {
        return plan.actions().isEmpty() && !plan.waitingFor().isEmpty()
                && plan.waitingFor().stream().allMatch(w -> w.startsWith(WAITING_PREFIX));
    }

    private static boolean restartsRunningService(Action a, DesiredState desired, ObservedState observed) {
        if (a instanceof RecreateService r) {
            return running(observed, r.oldContainerId()).isPresent();
        }
        if (a instanceof ReplaceWindow w) {
            return w.replaced().stream().anyMatch(r -> running(observed, r.oldContainerId()).isPresent());
        }
        if (a instanceof RemoveContainer r) {
            return running(observed, r.containerId())
                    .filter(c -> c.service() != null && desired.rendered() != null
                            && !desired.rendered().compose().services().containsKey(c.service()))
                    .isPresent();
        }
        return false;
    }

    private static Optional<ObservedContainer> running(ObservedState observed, String containerId) {
        return observed.containers().stream().filter(c -> c.id().equals(containerId) && c.running()).findFirst();
    }
}
