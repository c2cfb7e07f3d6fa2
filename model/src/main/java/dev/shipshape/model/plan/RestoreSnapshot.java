package dev.shipshape.model.plan;

import java.time.Instant;
import java.util.List;

/**
 * Put the volumes of snapshot {@code snapshotId} back as they were when it was taken: every container using
 * them is removed (the next pass creates the services again, on the restored data), each volume is
 * recreated empty and filled from the snapshot. Data written to them since {@code takenAt} is discarded.
 * While it is in progress a marker says so, and the next pass finishes it before anything uses the volumes.
 */
public record RestoreSnapshot(String snapshotId, List<String> volumes, Instant takenAt, Reason why) implements Action {
    public RestoreSnapshot {
        volumes = List.copyOf(volumes);
    }

    @Override
    public String kind() {
        return "restore";
    }

    @Override
    public String describe() {
        return "restore volumes " + String.join(", ", volumes) + " from snapshot " + snapshotId + " (data written since "
                + takenAt + " is discarded)";
    }

    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public String detail() {
        return "snapshot " + snapshotId + " taken " + takenAt;
    }
}
