package dev.shipshape.reconcilers.snapshots;

import java.util.List;
import java.util.Map;

/**
 * {@code .shipshape/snapshots/<id>/manifest.json}, written last and atomically: its presence is what makes a
 * snapshot complete. Times are ISO-8601 instants, versions as written; {@code from}/{@code to} are null for a
 * snapshot taken by hand.
 *
 * @param tookMillis how long reading the volumes took (with consistency stopped, the services were down for it)
 */
public record SnapshotManifest(int formatVersion, String id, String project, String from, String to, String takenAt,
                               String consistency, long tookMillis, List<VolumeEntry> volumes) {
    public static final int FORMAT = 1;

    public SnapshotManifest {
        volumes = List.copyOf(volumes);
    }

    /**
     * One volume's archive.
     *
     * @param file     the gzip-compressed tar in the snapshot's folder
     * @param sha256   of that file as written
     * @param bytes    its size on disk
     * @param tarBytes the size of the uncompressed tar the engine gave
     * @param tarSha256 of that tar: a restore that finds the volume giving the same tar leaves it (and its users) alone
     * @param image    the image the carrier container that reads and refills it is created from
     * @param labels   the volume's labels, given to it again when it is recreated by a restore
     */
    public record VolumeEntry(String name, String file, String sha256, long bytes, long tarBytes, String tarSha256,
                              String image, Map<String, String> labels) {
        public VolumeEntry {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    public long bytesOnDisk() {
        return volumes.stream().mapToLong(VolumeEntry::bytes).sum();
    }
}
