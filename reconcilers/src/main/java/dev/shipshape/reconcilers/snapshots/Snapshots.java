package dev.shipshape.reconcilers.snapshots;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.reconcilers.DiskSpace;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.files.AtomicFiles;
import dev.shipshape.reconcilers.containers.RecreateServiceReconciler;
import dev.shipshape.reconcilers.runtime.ContainerDefinition;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Takes and restores volume snapshots through the {@link ContainerRuntime} seam only (docs/snapshots.md):
 * the engine's archive endpoints on a carrier container that mounts the volume and is never started, created
 * from an image the project already has, so it works with a remote engine and needs no helper image.
 *
 * <p>Taking: the services using the volumes are stopped (or paused); each volume is streamed into a
 * gzip-compressed tar in the snapshot's folder, sha256-checksummed as written; the services run again
 * (except those whose replacement follows); the manifest is written last. Restoring: every archive is
 * verified first, then a marker is written, then for each volume the containers using it are removed, the
 * volume is recreated empty with its labels and refilled; the marker is cleared last. A crash anywhere leaves
 * either an incomplete snapshot (pruned, never restored) or the marker, which makes the next pass finish the
 * restore before anything starts on those volumes.
 */
public final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    /** Where a carrier container mounts the volume. */
    public static final String CARRIER_PATH = "/shipshape-volume";
    /** Marks a carrier container (value: the project), so a restore may remove one a crash left. */
    public static final String CARRIER_LABEL = "dev.shipshape.snapshot-carrier";
    /** Room left free on the snapshots' disk beyond what a snapshot is expected to take. */
    public static final long RESERVE = Long.getLong("shipshape.snapshot.reserveBytes", 64L << 20);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** How often (in bytes written) a snapshot checks the room left. */
    private static final long CHECK_EVERY = 16L << 20;

    /** The room on the disk holding a folder; a test passes its own. */
    @FunctionalInterface
    public interface Space {
        long usable(Path dir) throws IOException;

        Space DISK = dir -> Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * What to snapshot.
     *
     * @param volumes     Docker volume name to the image its carrier is created from
     * @param services    the services whose running containers are stopped (or paused) while it is read
     * @param keepStopped the services left stopped afterwards (their replacement starts them)
     * @param from        the installed version, or null
     * @param to          the version the rollout goes to, or null (taken by hand)
     */
    public record Request(Map<String, String> volumes, List<String> services, List<String> keepStopped, Version from,
                          Version to, Rollout.Consistency consistency, int retention) {
    }

    private final ContainerRuntime runtime;
    private final Clock clock;
    private final Failpoints.Reach failpoints;
    private final Space space;

    public Snapshots(ContainerRuntime runtime, Clock clock) {
        this(runtime, clock, Failpoints.ENVIRONMENT, Space.DISK);
    }

    public Snapshots(ContainerRuntime runtime, Clock clock, Failpoints.Reach failpoints, Space space) {
        this.runtime = runtime;
        this.clock = clock;
        this.failpoints = failpoints;
        this.space = space;
    }

    public SnapshotStore store(ProjectContext project) {
        return new SnapshotStore(project.paths());
    }

    /** Takes a snapshot; then prunes incomplete ones and complete ones beyond the retention. */
    public SnapshotManifest take(ProjectContext project, Request req) {
        SnapshotStore store = store(project);
        store.prune(Integer.MAX_VALUE, null); // incomplete ones a crash left: they only take room
        preflight(store, req.volumes().keySet());
        Instant now = clock.instant();
        String id = newId(store, now, req.to());
        Path folder = store.create(id);
        List<ObservedContainer> users = runtime.observe(project.project()).containers().stream()
                .filter(c -> c.service() != null && req.services().contains(c.service()) && c.running()).toList();
        boolean pause = req.consistency() == Rollout.Consistency.PAUSE;
        long t0 = System.nanoTime();
        List<SnapshotManifest.VolumeEntry> entries = new ArrayList<>();
        boolean ok = false;
        try {
            for (ObservedContainer c : users) {
                if (pause) {
                    runtime.pause(c.id());
                } else {
                    runtime.stop(c.id(), STOP_GRACE);
                }
            }
            Instant takenAt = clock.instant(); // data written before this is in the snapshot
            for (Map.Entry<String, String> v : new java.util.TreeMap<>(req.volumes()).entrySet()) {
                project.cancellation().checkpoint("the snapshot");
                SnapshotManifest.VolumeEntry entry = readVolume(project, folder, v.getKey(), v.getValue());
                if (entry != null) {
                    entries.add(entry);
                    if (entries.size() == 1) {
                        failpoints.reach(Failpoints.MID_SNAPSHOT);
                    }
                }
            }
            long took = (System.nanoTime() - t0) / 1_000_000;
            SnapshotManifest m = new SnapshotManifest(SnapshotManifest.FORMAT, id, project.project(),
                    req.from() == null ? null : req.from().toString(), req.to() == null ? null : req.to().toString(),
                    takenAt.toString(), req.consistency().word(), took, entries);
            ok = true;
            resume(users, req, pause);
            store.writeManifest(m); // last: from here on the snapshot is complete
            List<String> pruned = store.prune(req.retention(), id);
            LOG.info("snapshot {} of {} taken in {} ms ({} bytes on disk, services {} {}){}", id, req.volumes().keySet(), took,
                    m.bytesOnDisk(), pause ? "paused" : "stopped", users.stream().map(ObservedContainer::service).toList(),
                    pruned.isEmpty() ? "" : "; pruned " + pruned);
            return m;
        } finally {
            if (!ok) {
                // the services run again as they did (the failure is reported); the folder stays incomplete, and is pruned
                try {
                    resume(users, req, pause);
                } catch (RuntimeException e) {
                    LOG.warn("could not start the services again after a failed snapshot: {}", e.getMessage());
                }
            }
        }
    }

    private void resume(List<ObservedContainer> users, Request req, boolean pause) {
        for (ObservedContainer c : users) {
            if (pause) {
                runtime.unpause(c.id());
            } else if (!req.keepStopped().contains(c.service())) {
                runtime.start(c.id());
            }
        }
    }

    /** Refuses, with figures, when the snapshots' disk has less room than the last snapshot of these volumes took plus the reserve. */
    private void preflight(SnapshotStore store, Set<String> volumes) {
        long estimate = 0;
        Map<String, Long> last = new LinkedHashMap<>();
        for (var info : store.list()) {
            if (info.complete()) {
                store.manifest(info.id()).ifPresent(m -> m.volumes().forEach(v -> last.put(v.name(), v.bytes())));
            }
        }
        for (String v : volumes) {
            estimate += last.getOrDefault(v, 0L);
        }
        long needed = estimate + RESERVE;
        long free = usable(store.dir());
        if (free < needed) {
            throw new SnapshotException(noRoom(store.dir(), needed, free, estimate));
        }
    }

    private static String noRoom(Path dir, long needed, long free, long estimate) {
        return "no room for a snapshot in " + dir + ": about " + mib(needed) + " needed (" + mib(estimate)
                + " as the last snapshot of these volumes took, plus " + mib(RESERVE) + " kept free), " + mib(free)
                + " free. Free some space there (`shipshape snapshot delete ID -f FILE` removes old snapshots;"
                + " lower spec.rollout.snapshotRetention keeps fewer), or set spec.rollout.snapshot: none. Nothing was changed.";
    }

    /** A size as the snapshot messages and {@code shipshape snapshot list} show it. */
    public static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private long usable(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? Long.MAX_VALUE : space.usable(existing);
        } catch (IOException e) {
            return Long.MAX_VALUE; // cannot tell: the write itself reports a full disk
        }
    }

    private SnapshotManifest.VolumeEntry readVolume(ProjectContext project, Path folder, String volume, String image) {
        Map<String, String> labels = runtime.volumeLabels(volume).orElse(null);
        if (labels == null) {
            // a volume the new version brings: nothing in it to keep (a rollback leaves it, unused, for `docker volume rm`)
            LOG.info("volume {} does not exist yet; nothing of it to snapshot", volume);
            return null;
        }
        String carrier = carrierName(project.project(), volume);
        runtime.remove(carrier); // one an interrupted snapshot left
        String id = runtime.create(carrier(carrier, image, volume, project.project(), true));
        String file = volume + ".tar.gz";
        Path target = folder.resolve(file);
        MessageDigest rawSha = sha256();
        try (InputStream tar = new DigestInputStream(runtime.readArchive(id, CARRIER_PATH), rawSha)) {
            MessageDigest sha = sha256();
            long[] raw = new long[1];
            Files.deleteIfExists(target);
            // owner-only from the first byte: a volume may hold secrets
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(target,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), AtomicFiles.posix()
                            ? new java.nio.file.attribute.FileAttribute<?>[]{
                            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY)}
                            : new java.nio.file.attribute.FileAttribute<?>[0]));
                 DigestOutputStream digest = new DigestOutputStream(new RoomGuard(out, folder), sha);
                 GZIPOutputStream gz = fastGzip(digest)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = tar.read(buf)) > 0; ) {
                    gz.write(buf, 0, n);
                    raw[0] += n;
                }
            }
            try (var ch = java.nio.channels.FileChannel.open(target, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return new SnapshotManifest.VolumeEntry(volume, file, HexFormat.of().formatHex(sha.digest()), Files.size(target),
                    raw[0], HexFormat.of().formatHex(rawSha.digest()), image, labels);
        } catch (IOException e) {
            throw new SnapshotException((DiskSpace.isFull(e) ? DiskSpace.describeFull(folder) + "; " + DiskSpace.FIX
                    : "reading volume " + volume + " into " + target + " failed: " + e.getMessage() + "; apply again to retry"), e);
        } finally {
            runtime.remove(id);
        }
    }

    /**
     * gzip at its fastest level: the snapshot is taken while the services are down, so its time counts more than
     * the last percent of its size.
     */
    private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        };
    }

    /** Stops writing a snapshot before it fills the disk. */
    private final class RoomGuard extends FilterOutputStream {
        private final Path folder;
        private long sinceCheck;

        RoomGuard(OutputStream out, Path folder) {
            super(out);
            this.folder = folder;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            sinceCheck += len;
            if (sinceCheck >= CHECK_EVERY) {
                sinceCheck = 0;
                long free = usable(folder);
                if (free < RESERVE) {
                    throw new SnapshotException("the snapshot stopped before filling the disk holding " + folder + ": "
                            + mib(free) + " free, " + mib(RESERVE) + " are kept free. Free some space there, or set"
                            + " spec.rollout.snapshot: none. The incomplete snapshot is never restored and is pruned.");
                }
            }
            out.write(b, off, len);
        }
    }

    /**
     * Restores every volume of snapshot {@code id}; the containers using them are removed (the next pass, or
     * the caller, creates the services again). Unknown or incomplete id, or a damaged archive: refused, nothing changed.
     */
    public SnapshotManifest restore(ProjectContext project, String id) {
        SnapshotStore store = store(project);
        SnapshotManifest m = store.manifest(id).orElseThrow(() -> new SnapshotException(unknown(store, id)));
        Path folder = store.folder(id);
        for (SnapshotManifest.VolumeEntry v : m.volumes()) {
            verify(folder, v, id); // before anything changes: a damaged snapshot must not destroy the volume it would refill
        }
        store.markRestoring(id, clock.instant());
        long t0 = System.nanoTime();
        boolean first = true;
        for (SnapshotManifest.VolumeEntry v : m.volumes()) {
            // not cancelled half-way: a restore runs to its end (an interrupted one is finished by the next pass)
            refill(project, folder, v, first);
            first = false;
        }
        store.restored(id, clock.instant());
        LOG.warn("restored {} from snapshot {}: data written since {} is discarded ({} ms)",
                m.volumes().stream().map(SnapshotManifest.VolumeEntry::name).toList(), id, m.takenAt(),
                (System.nanoTime() - t0) / 1_000_000);
        return m;
    }

    /** Why {@code id} is not a snapshot that can be restored, naming the complete ones and how to list them. */
    public static String unknown(SnapshotStore store, String id) {
        List<dev.shipshape.model.snapshot.SnapshotInfo> found = store.list();
        List<String> ids = found.stream().filter(s -> s.complete()).map(s -> s.id()).toList();
        boolean incomplete = found.stream().anyMatch(s -> s.id().equals(id) && !s.complete());
        return (incomplete ? "snapshot " + id + " is incomplete (its manifest was never written) and is never restored"
                : "there is no snapshot " + id) + "; "
                + (ids.isEmpty() ? "this project has no complete snapshot" : "complete ones: " + String.join(", ", ids))
                + ". `shipshape snapshot list -f FILE` shows them. Nothing was changed.";
    }

    private static void verify(Path folder, SnapshotManifest.VolumeEntry v, String id) {
        Path file = folder.resolve(v.file());
        if (!file.normalize().startsWith(folder) || !Files.isRegularFile(file)) {
            throw new SnapshotException("snapshot " + id + " lacks " + v.file() + "; it is damaged and cannot be restored."
                    + " Nothing was changed; delete it with `shipshape snapshot delete " + id + " -f FILE`.");
        }
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(v.sha256())) {
            throw new SnapshotException("the archive of volume " + v.name() + " in snapshot " + id + " does not match its"
                    + " checksum (sha256 " + actual + ", manifest " + v.sha256() + "); it is damaged and cannot be restored."
                    + " Nothing was changed.");
        }
    }

    /** One volume: its users removed, recreated empty with its labels, refilled through a carrier. Safe to repeat. */
    private void refill(ProjectContext project, Path folder, SnapshotManifest.VolumeEntry v, boolean first) {
        String carrier = carrierName(project.project(), v.name());
        runtime.remove(carrier); // one an interrupted snapshot or restore left
        List<String> users = runtime.containersUsing(v.name());
        for (String user : users) {
            ContainerInfo info = runtime.inspect(user).orElse(null);
            String owner = info == null ? null : info.labels().getOrDefault(Labels.PROJECT, info.labels().get(CARRIER_LABEL));
            if (info != null && !project.project().equals(owner)) {
                throw new SnapshotException("volume " + v.name() + " is also used by container " + info.name() + ", which is not"
                        + " part of project " + project.project() + "; remove it (or its mount) and restore again.");
            }
            if (info != null && aside(info)) {
                // the failed version's replacement (or a job): it must not write while the volume is compared
                runtime.stop(user, STOP_GRACE);
            }
        }
        // a service's own container keeps running while the volume is compared: when nothing changed, it serves on
        if (runtime.volumeLabels(v.name()).isPresent() && unchanged(project, v)) {
            // nothing was written since the snapshot: the volume and the containers using it stay as they are
            LOG.info("volume {} is as snapshot took it; left as it is", v.name());
            return;
        }
        for (String user : users) {
            runtime.stop(user, STOP_GRACE);
            runtime.remove(user);
        }
        runtime.removeVolume(v.name());
        runtime.createVolume(v.name(), v.labels());
        if (first) {
            failpoints.reach(Failpoints.MID_RESTORE); // the worst moment: the volume is there, and empty
        }
        String id = runtime.create(carrier(carrier, v.image(), v.name(), project.project(), false));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(folder.resolve(v.file())), 1 << 16)) {
            runtime.writeArchive(id, "/", in);
        } catch (IOException e) {
            throw new SnapshotException("refilling volume " + v.name() + " failed: " + e.getMessage()
                    + "; the restore is finished by the next apply", e);
        } finally {
            runtime.remove(id);
        }
    }

    /** Whether the volume gives the very tar the snapshot took of it (read through a carrier, then removed). */
    private boolean unchanged(ProjectContext project, SnapshotManifest.VolumeEntry v) {
        if (v.tarSha256() == null) {
            return false;
        }
        String carrier = carrierName(project.project(), v.name());
        String id = runtime.create(carrier(carrier, v.image(), v.name(), project.project(), true));
        MessageDigest sha = sha256();
        try (InputStream tar = new DigestInputStream(runtime.readArchive(id, CARRIER_PATH), sha)) {
            tar.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return false; // cannot tell: refill it
        } finally {
            runtime.remove(id);
        }
        return HexFormat.of().formatHex(sha.digest()).equals(v.tarSha256());
    }

    /** A container beside a service's own: a replacement under its temporary name, a job, a carrier. */
    private static boolean aside(ContainerInfo info) {
        return info.name().contains(RecreateServiceReconciler.REPLACEMENT_MARK) || info.labels().containsKey(Labels.JOB)
                || info.labels().containsKey(CARRIER_LABEL);
    }

    static String carrierName(String project, String volume) {
        return project + "-snapshot-carrier-" + volume;
    }

    private static ContainerDefinition carrier(String name, String image, String volume, String project, boolean readOnly) {
        return new ContainerDefinition(name, image, Map.of(CARRIER_LABEL, project), List.of(), null, null, null, null, null,
                null, List.of(new ContainerDefinition.Mount(ContainerDefinition.Mount.Kind.VOLUME, volume, CARRIER_PATH, readOnly)),
                "no");
    }

    private String newId(SnapshotStore store, Instant now, Version to) {
        String base = ID_TIME.format(now) + (to == null ? "-manual" : "-before-" + to.toString().replaceAll("[^A-Za-z0-9._-]", "_"));
        String id = base;
        for (int i = 2; Files.exists(store.dir().resolve(id)); i++) {
            id = base + "-" + i;
        }
        return id;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
