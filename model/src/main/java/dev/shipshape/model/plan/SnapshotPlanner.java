package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.compose.VolumeMount;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.snapshot.SnapshotInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The volume snapshots' part of planning (docs/snapshots.md), pure like the {@link Planner}:
 * <ul>
 *   <li>a restore that began and did not finish is finished before anything else (never a half-restored volume started);</li>
 *   <li>a rollback of a rollout that took a snapshot restores it before the previous version starts
 *       ({@code rollout.restoreOnRollback: auto});</li>
 *   <li>a version change that recreates a service with named volumes or runs an upgrade job snapshots those
 *       volumes first ({@code rollout.snapshot: volumes}), once per rollout.</li>
 * </ul>
 */
public final class SnapshotPlanner {
    /** How a plan's waiting line reads while a restore runs first. */
    static final String RESTORE_WAIT = "the services using the restored volumes (created again once the restore is done)";

    private SnapshotPlanner() {
    }

    /** A restore that was interrupted (its marker is still there): it comes first, whatever else the plan holds. */
    static Optional<RestoreSnapshot> unfinishedRestore(ObservedState observed) {
        return observed.snapshots().stream().filter(SnapshotInfo::restoring).findFirst()
                .map(s -> new RestoreSnapshot(s.id(), s.volumes(), s.takenAt(), Reason.RESTORE_UNFINISHED));
    }

    /** The restore a rollback owes before the previous version starts, if any. */
    static Optional<RestoreSnapshot> rollbackRestore(DesiredState desired, ObservedState observed) {
        DesiredState.Rollback rollback = desired.rollback();
        if (rollback == null || rollback.snapshot() == null || !desired.spec().rollout().restoreOnRollback()) {
            return Optional.empty();
        }
        return observed.snapshots().stream()
                .filter(s -> s.id().equals(rollback.snapshot()) && s.complete() && s.restoredAt() == null)
                .findFirst()
                .map(s -> new RestoreSnapshot(s.id(), s.volumes(), s.takenAt(), Reason.ROLLBACK_RESTORE));
    }

    /**
     * Puts a {@link TakeSnapshot} before the first job or service action of a version change, when one is due.
     *
     * @param actions the plan's actions after the maintenance window held what it holds
     */
    static List<Action> addSnapshot(DesiredState desired, ObservedState observed, List<Action> actions) {
        Rollout rollout = desired.spec().rollout();
        Version installed = observed.installedVersion().orElse(null);
        Version target = desired.target();
        if (rollout.snapshot() != Rollout.Snapshot.VOLUMES || installed == null || installed.sameAs(target)
                || desired.rollback() != null || desired.rendered() == null) {
            return actions;
        }
        // once per rollout: after the snapshot, a job may already have changed the data
        if (observed.snapshots().stream().anyMatch(s -> s.takenFor(installed, target) && s.restoredAt() == null)) {
            return actions;
        }
        Map<String, ServiceSpec> services = desired.rendered().compose().services();
        Set<String> volumes = new LinkedHashSet<>();
        List<String> recreated = new ArrayList<>();
        boolean job = false;
        for (Action a : actions) {
            if (a instanceof RecreateService r) {
                recreated.add(r.service());
                named(r.spec()).forEach(volumes::add);
            } else if (a instanceof ReplaceWindow w) {
                // rollout.strategy: window folds the recreates into one action: its services count the same
                for (RecreateService r : w.replaced()) {
                    recreated.add(r.service());
                    named(r.spec()).forEach(volumes::add);
                }
            } else if (a instanceof RunJob j && j.disruptive()) {
                job = true;
                named(j.spec()).forEach(volumes::add);
            }
        }
        if (volumes.isEmpty()) {
            return actions;
        }
        Map<String, String> carriers = new LinkedHashMap<>();
        List<String> users = new ArrayList<>();
        for (ServiceSpec s : desired.rendered().compose().startOrder()) {
            List<String> mine = named(s).stream().filter(volumes::contains).toList();
            if (mine.isEmpty()) {
                continue;
            }
            users.add(s.name());
            // read through the image the service runs now (it stays on the host after a rollback), else the target's
            String image = observed.containersOf(s.name()).stream().map(ObservedContainer::image).findFirst().orElse(s.image());
            mine.forEach(v -> carriers.putIfAbsent(desired.project() + "_" + v, image));
        }
        // with an upgrade job the old version serves again while it runs (as without a snapshot);
        // without one the recreated services stay down until their replacement starts: one outage, not two
        List<String> keepStopped = job ? List.of() : recreated.stream().filter(users::contains).toList();
        TakeSnapshot snap = new TakeSnapshot(carriers, users, keepStopped, installed, target, rollout.consistency(),
                rollout.snapshotRetention());
        List<Action> out = new ArrayList<>(actions);
        int at = 0;
        while (at < out.size() && (out.get(at) instanceof DownloadRelease || out.get(at) instanceof PullImages
                || out.get(at) instanceof ExportRelease)) {
            at++;
        }
        out.add(at, snap);
        return out;
    }

    /** A service's named volumes, as the compose file names them. */
    private static List<String> named(ServiceSpec spec) {
        return spec.volumes().stream().filter(v -> v.kind() == VolumeMount.Kind.NAMED).map(VolumeMount::source).toList();
    }
}
