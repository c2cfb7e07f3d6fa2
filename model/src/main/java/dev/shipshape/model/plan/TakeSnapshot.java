package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Rollout;

import java.util.List;
import java.util.Map;

/**
 * Snapshot the named volumes a version change touches before anything changes them (docs/snapshots.md):
 * the running containers of {@code services} are stopped (or paused, {@link Rollout.Consistency#PAUSE})
 * while the volumes are read; afterwards those in {@code keepStopped} stay stopped (their replacement,
 * later in the plan, starts them: the snapshot happens in their own outage) and the others run again.
 *
 * @param volumes     Docker volume name to the image a carrier container is created from to read it (never started)
 * @param services    the services whose containers use those volumes
 * @param keepStopped the services recreated later in this plan (none when an upgrade job must run first)
 * @param from        the installed version
 * @param to          the version the rollout goes to
 */
public record TakeSnapshot(Map<String, String> volumes, List<String> services, List<String> keepStopped, Version from,
                           Version to, Rollout.Consistency consistency, int retention) implements Action {
    public TakeSnapshot {
        volumes = Map.copyOf(volumes);
        services = List.copyOf(services);
        keepStopped = List.copyOf(keepStopped);
    }

    @Override
    public String kind() {
        return "snapshot";
    }

    @Override
    public String describe() {
        return "snapshot volumes " + String.join(", ", volumes.keySet().stream().sorted().toList()) + " before " + from
                + " -> " + to + " (" + (consistency == Rollout.Consistency.PAUSE ? "paused" : "stopped") + ": "
                + String.join(", ", services) + ")";
    }

    /** It stops (or pauses) running services. */
    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public Reason why() {
        return Reason.SNAPSHOT_BEFORE_UPGRADE;
    }

    @Override
    public String detail() {
        return "version " + from + " -> " + to + "; volumes " + String.join(", ", volumes.keySet().stream().sorted().toList());
    }
}
