package dev.shipshape.reconcilers.snapshots;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipshape.model.Version;
import dev.shipshape.model.snapshot.SnapshotInfo;
import dev.shipshape.reconcilers.files.AtomicFiles;
import dev.shipshape.reconcilers.files.FileTrees;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.files.StateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The snapshots of a project, one folder each under {@code .shipshape/snapshots/<id>/}: a gzip-compressed tar
 * per volume, then {@code manifest.json} written last (a folder without it is an incomplete snapshot: never
 * restored, pruned), and while a restore from it runs, a {@code restoring} marker (then {@code restored}).
 */
public final class SnapshotStore {
    public static final String MANIFEST = "manifest.json";
    static final String RESTORING = "restoring";
    static final String RESTORED = "restored";
    /** What an id may be: it names a folder, so nothing that climbs out of it. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    public SnapshotStore(ProjectPaths paths) {
        this.dir = paths.stateDir().resolve("snapshots");
    }

    public Path dir() {
        return dir;
    }

    /** The folder of snapshot {@code id}, created (0700) when missing. */
    Path create(String id) {
        checkId(id);
        try {
            return StateFiles.folder(dir.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static void checkId(String id) {
        if (!validId(id)) {
            throw new SnapshotException("'" + id + "' is not a snapshot id (letters, digits, '.', '_' and '-');"
                    + " `shipshape snapshot list -f FILE` shows the ids");
        }
    }

    Path folder(String id) {
        checkId(id);
        return dir.resolve(id);
    }

    /** Every snapshot, complete or not, oldest first (incomplete ones, whose time is unknown, first). */
    public List<SnapshotInfo> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<SnapshotInfo> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String id = p.getFileName().toString();
                if (!Files.isDirectory(p) || !validId(id)) {
                    continue;
                }
                out.add(info(id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing((SnapshotInfo i) -> i.takenAt() == null ? Instant.MIN : i.takenAt())
                .thenComparing(SnapshotInfo::id));
        return out;
    }

    private SnapshotInfo info(String id) {
        Optional<SnapshotManifest> m = manifest(id);
        Path f = dir.resolve(id);
        boolean restoring = Files.exists(f.resolve(RESTORING));
        Instant restored = marker(f.resolve(RESTORED));
        if (m.isEmpty()) {
            return new SnapshotInfo(id, null, null, null, List.of(), false, false, null);
        }
        SnapshotManifest s = m.get();
        return new SnapshotInfo(id, s.from() == null ? null : Version.parse(s.from()), s.to() == null ? null : Version.parse(s.to()),
                Instant.parse(s.takenAt()), s.volumes().stream().map(SnapshotManifest.VolumeEntry::name).toList(), true,
                restoring, restored);
    }

    /** The manifest of a complete snapshot; empty when there is no such snapshot or it is incomplete. */
    public Optional<SnapshotManifest> manifest(String id) {
        Path file = folder(id).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), SnapshotManifest.class));
        } catch (IOException e) {
            throw new SnapshotException("the manifest of snapshot " + id + " (" + file + ") cannot be read (" + e.getMessage()
                    + "); the snapshot is damaged: delete it with `shipshape snapshot delete " + id + " -f FILE`", e);
        }
    }

    /** The last step of taking a snapshot: after this it is complete. */
    void writeManifest(SnapshotManifest m) {
        try {
            AtomicFiles.replace(folder(m.id()).resolve(MANIFEST), JSON.writeValueAsBytes(m), AtomicFiles.OWNER_ONLY, ".manifest-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written before a restore changes the first volume; only {@link #restored} clears it. */
    void markRestoring(String id, Instant at) {
        writeMarker(folder(id).resolve(RESTORING), at);
    }

    void restored(String id, Instant at) {
        writeMarker(folder(id).resolve(RESTORED), at);
        try {
            Files.deleteIfExists(folder(id).resolve(RESTORING));
            AtomicFiles.syncDir(folder(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeMarker(Path file, Instant at) {
        try {
            AtomicFiles.replace(file, (at + "\n").getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY, ".marker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant marker(Path file) {
        try {
            return Files.isRegularFile(file) ? Instant.parse(Files.readString(file).strip()) : null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: as if never restored
        }
    }

    /** Deletes a snapshot's folder, complete or not. */
    public void delete(String id) {
        Path f = folder(id);
        try {
            if (Files.exists(f)) {
                // the manifest first: a crash in the middle leaves an incomplete snapshot, never a complete one missing a file
                Files.deleteIfExists(f.resolve(MANIFEST));
                FileTrees.deleteRecursively(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes in a snapshot's folder. */
    public long size(String id) {
        try (Stream<Path> s = Files.walk(folder(id))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Deletes incomplete snapshots (but {@code keep}) and the oldest complete ones beyond {@code retention};
     * never one with a restore in progress, nor {@code keep}.
     *
     * @return the ids deleted
     */
    public List<String> prune(int retention, String keep) {
        List<SnapshotInfo> all = list();
        List<String> deleted = new ArrayList<>();
        List<SnapshotInfo> complete = all.stream().filter(SnapshotInfo::complete).toList();
        int excess = complete.size() - retention;
        for (SnapshotInfo s : all) {
            if (s.id().equals(keep) || s.restoring()) {
                continue;
            }
            if (!s.complete() || (excess > 0 && complete.contains(s))) {
                if (s.complete()) {
                    excess--;
                }
                delete(s.id());
                deleted.add(s.id());
            }
        }
        return deleted;
    }
}
