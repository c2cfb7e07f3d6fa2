package dev.shipshape.model.observed;

import dev.shipshape.model.snapshot.SnapshotInfo;
import dev.shipshape.model.Version;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the planner knows about the host, gathered in one observation.
 *
 * @param storedPackages versions whose package is verified and extracted in the package store
 * @param exportHash     hash of the files in the project's export folder, or null when there is none
 * @param installed      the durable record of the installed version, or null before the first install
 * @param localImages    image id by every reference Docker knows locally (name:tag and name@digest)
 * @param containers     every container carrying this project's compose label
 * @param completedJobs  one-shot jobs that already ran to success, as {@code name@version}
 * @param at             when this observation was made (maintenance windows are judged against it)
 * @param snapshots      the volume snapshots in {@code .shipshape/snapshots/}, oldest first (docs/snapshots.md)
 */
public record ObservedState(Set<Version> storedPackages, String exportHash, InstalledRecord installed,
                            Map<String, String> localImages, List<ObservedContainer> containers,
                            Set<String> completedJobs, Instant at, List<SnapshotInfo> snapshots) {
    public ObservedState {
        storedPackages = Set.copyOf(storedPackages);
        localImages = Map.copyOf(localImages);
        containers = List.copyOf(containers);
        completedJobs = Set.copyOf(completedJobs == null ? Set.of() : completedJobs);
        at = at == null ? Instant.EPOCH : at;
        snapshots = List.copyOf(snapshots == null ? List.of() : snapshots);
    }

    public ObservedState(Set<Version> storedPackages, String exportHash, InstalledRecord installed,
                         Map<String, String> localImages, List<ObservedContainer> containers,
                         Set<String> completedJobs, Instant at) {
        this(storedPackages, exportHash, installed, localImages, containers, completedJobs, at, List.of());
    }

    /** The same observation with the snapshots found on disk. */
    public ObservedState withSnapshots(List<SnapshotInfo> found) {
        return new ObservedState(storedPackages, exportHash, installed, localImages, containers, completedJobs, at, found);
    }

    public ObservedState(Set<Version> storedPackages, String exportHash, InstalledRecord installed,
                         Map<String, String> localImages, List<ObservedContainer> containers) {
        this(storedPackages, exportHash, installed, localImages, containers, Set.of(), Instant.EPOCH, List.of());
    }

    /** The key a completed job is recorded under. */
    public static String jobKey(String job, Version version) {
        return job + "@" + version;
    }

    public Optional<Version> installedVersion() {
        return installed == null ? Optional.empty() : Optional.of(installed.version());
    }

    public List<ObservedContainer> containersOf(String service) {
        return containers.stream().filter(c -> service.equals(c.service())).toList();
    }
}
