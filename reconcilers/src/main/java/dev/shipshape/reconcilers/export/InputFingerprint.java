package dev.shipshape.reconcilers.export;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.reconcilers.ProjectContext;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything {@link ReleaseRenderer#prepare} reads, as cheap stand-ins: the desired file's parsed
 * content, the version, and the file-system metadata (never the content) of the package folder and
 * of the project's global.yaml, user-secret and generated-secret.yaml. Two equal fingerprints mean
 * the same inputs, so the previous result can be reused.
 *
 * <p>Files are identified by size, modification time, change time (which nobody can set back, so a
 * same-size edit whose mtime was restored, or a re-extracted package reusing freed inode numbers,
 * still differs), file key (device and inode), permissions and owner (an unreadable file must fail
 * again). Nothing here holds file content; {@link #toString()} prints no value of the desired file.
 */
final class InputFingerprint {
    /** A package is small; a folder far bigger than any package is not worth stat-ing each pass. */
    static final int MAX_PACKAGE_ENTRIES = 10_000;
    private static final int MAX_DEPTH = 32;
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,fileKey,mode,uid,gid,"
            + "isDirectory,isRegularFile,isSymbolicLink";

    private final Path projectDir;
    private final Version version;
    private final DesiredFile desired;
    private final Object config;
    private final List<Stamp> files;
    private final long newestNanos;

    private InputFingerprint(Path projectDir, Version version, DesiredFile desired, Object config, List<Stamp> files) {
        this.projectDir = projectDir;
        this.version = version;
        this.desired = desired;
        this.config = config;
        this.files = List.copyOf(files);
        this.newestNanos = files.stream().mapToLong(Stamp::newestNanos).max().orElse(Long.MIN_VALUE);
    }

    /**
     * The fingerprint of the inputs of rendering {@code version} from {@code packageDir} for {@code project},
     * or empty when the files cannot all be stat-ed (then nothing may be reused).
     */
    static Optional<InputFingerprint> of(ProjectContext project, Path packageDir, Version version) {
        try {
            List<Stamp> stamps = new ArrayList<>();
            // Real paths: a symbolic link anywhere above the files that is pointed elsewhere changes them.
            stamps.add(Stamp.realPath("project", project.paths().projectDir()));
            Stamp packageReal = Stamp.realPath("package", packageDir);
            stamps.add(packageReal);
            for (Path file : List.of(project.paths().globalYaml(), project.paths().userSecret(),
                    project.paths().generatedSecret())) {
                // ProjectFiles follows links: stamp the link itself and what it points to.
                stamps.add(Stamp.of(file.toString(), file, LinkOption.NOFOLLOW_LINKS));
                stamps.add(Stamp.of(file + " (followed)", file));
            }
            // Walked from its real path, as the rendering reads it through any link.
            Path root = packageReal.target() == null ? packageDir : Path.of(packageReal.target());
            if (!walk(root, root, 0, stamps)) {
                return Optional.empty();
            }
            DesiredFile desired = project.desired();
            return Optional.of(new InputFingerprint(project.paths().projectDir(), version, desired,
                    snapshot(desired.spec().config()), stamps));
        } catch (IOException | RuntimeException e) {
            // Rendering reports the problem with a message that says what to do; here it only means "do not reuse".
            return Optional.empty();
        }
    }

    /** Stamps every entry below {@code dir}, sorted by path; false when there are too many to be a package. */
    private static boolean walk(Path root, Path dir, int depth, List<Stamp> out) throws IOException {
        Stamp self = Stamp.of(relative(root, dir), dir, LinkOption.NOFOLLOW_LINKS);
        out.add(self);
        if (!self.directory()) {
            return true;
        }
        if (depth > MAX_DEPTH || out.size() > MAX_PACKAGE_ENTRIES) {
            return false;
        }
        TreeMap<String, Path> children = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                children.put(entry.getFileName().toString(), entry);
            }
        }
        for (Path child : children.values()) {
            if (!walk(root, child, depth + 1, out)) {
                return false;
            }
        }
        return true;
    }

    private static String relative(Path root, Path file) {
        return "package:" + root.relativize(file);
    }

    /**
     * spec.config as an immutable copy whose equality also sees key order and value types (a map
     * iterated by a template renders in its order; YAML !!binary values are arrays, equal only by
     * identity), and which the caller can no longer change under the cache.
     */
    static Object snapshot(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<Object> entries = new ArrayList<>(map.size() * 2 + 1);
            entries.add("map");
            map.forEach((k, v) -> {
                entries.add(snapshot(k));
                entries.add(snapshot(v));
            });
            return java.util.Collections.unmodifiableList(entries);
        }
        if (value instanceof Iterable<?> list) {
            List<Object> items = new ArrayList<>();
            items.add("list:" + list.getClass().getName());
            list.forEach(v -> items.add(snapshot(v)));
            return java.util.Collections.unmodifiableList(items);
        }
        if (value instanceof byte[] bytes) {
            return List.of("bytes", HexFormat.of().formatHex(bytes));
        }
        if (value instanceof Object[] array) {
            return snapshot(java.util.Arrays.asList(array));
        }
        // Strings, numbers, booleans: immutable with value equality; the class tells 1 from 1L from "1".
        return value == null ? List.of("null") : List.of(value.getClass().getName(), value);
    }

    /** Whether any input changed at or after {@code nanos} (epoch): its stamp may not show a change made in the same clock tick. */
    boolean changedSince(long epochNanos) {
        return newestNanos >= epochNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputFingerprint f && projectDir.equals(f.projectDir) && version.equals(f.version)
                && version.toString().equals(f.version.toString()) && desired.equals(f.desired)
                && config.equals(f.config) && files.equals(f.files);
    }

    @Override
    public int hashCode() {
        return Objects.hash(projectDir, version, files);
    }

    /** No value of the desired file: spec.config may hold secrets. */
    @Override
    public String toString() {
        return "InputFingerprint[" + projectDir + ", " + version + ", " + files.size() + " files]";
    }

    /** File-system metadata of one path; {@code kind} "absent" when it does not exist. */
    record Stamp(String name, String kind, long size, FileTime modified, FileTime changed, Object fileKey,
                 Object mode, Object uid, Object gid, String target) {

        boolean directory() {
            return "dir".equals(kind);
        }

        long newestNanos() {
            long m = modified == null ? Long.MIN_VALUE : modified.to(java.util.concurrent.TimeUnit.NANOSECONDS);
            long c = changed == null ? Long.MIN_VALUE : changed.to(java.util.concurrent.TimeUnit.NANOSECONDS);
            return Math.max(m, c);
        }

        static Stamp realPath(String name, Path path) throws IOException {
            try {
                return new Stamp(name, "real", 0, null, null, null, null, null, null, path.toRealPath().toString());
            } catch (NoSuchFileException e) {
                return absent(name);
            }
        }

        static Stamp of(String name, Path path, LinkOption... options) throws IOException {
            try {
                if (UNIX) {
                    Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES, options);
                    String kind = kind((Boolean) a.get("isDirectory"), (Boolean) a.get("isRegularFile"),
                            (Boolean) a.get("isSymbolicLink"));
                    return new Stamp(name, kind, (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"),
                            (FileTime) a.get("ctime"), a.get("fileKey"), a.get("mode"), a.get("uid"), a.get("gid"),
                            linkTarget(kind, path));
                }
                BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, options);
                String kind = kind(a.isDirectory(), a.isRegularFile(), a.isSymbolicLink());
                return new Stamp(name, kind, a.size(), a.lastModifiedTime(), null, a.fileKey(),
                        Files.isReadable(path), null, null, linkTarget(kind, path));
            } catch (NoSuchFileException e) {
                return absent(name);
            }
        }

        private static Stamp absent(String name) {
            return new Stamp(name, "absent", -1, null, null, null, null, null, null, null);
        }

        private static String kind(boolean directory, boolean regular, boolean link) {
            return link ? "link" : directory ? "dir" : regular ? "file" : "other";
        }

        private static String linkTarget(String kind, Path path) throws IOException {
            return "link".equals(kind) ? Files.readSymbolicLink(path).toString() : null;
        }
    }
}
