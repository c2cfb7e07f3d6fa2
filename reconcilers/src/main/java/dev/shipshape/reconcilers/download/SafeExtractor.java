package dev.shipshape.reconcilers.download;

import dev.shipshape.reconcilers.files.FileTrees;
import dev.shipshape.reconcilers.files.StateFiles;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import dev.shipshape.model.Yaml;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.DiskSpace;
import dev.shipshape.reconcilers.ReconcileException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts a verified release zip into the package store. The package comes from the network, so
 * it is treated as hostile: entries may not leave the target folder, may not be links, and the
 * sizes that count are the bytes actually written, not what the headers claim. The package folder
 * appears only by an atomic rename after everything checked out, so a folder in the store is complete.
 */
public final class SafeExtractor {
    /** Prefix of the temporary folders under {@code packages/}; PackageStore ignores dot-folders. */
    static final String TEMP_PREFIX = ".tmp-";

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");
    private static final Pattern TEMP_SUFFIX = Pattern.compile("[0-9a-f]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Caps against zip bombs. {@code maxRatio} bounds how many bytes an entry may inflate to per compressed byte,
     * checked once it has written {@link #RATIO_FLOOR} bytes: the size caps alone let a 600 KB zip write 512 MiB
     * before it is refused. Deflate reaches about 1030:1 on a run of one byte; templates and YAML, even very
     * repetitive ones, stay far below 200:1, and a small file is never judged by its ratio.
     */
    public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio) {
        public static final int DEFAULT_MAX_RATIO = 200;
        public static final long RATIO_FLOOR = 1024 * 1024;
        public static final Limits DEFAULTS = new Limits(10_000, 512L * 1024 * 1024, 1024L * 1024 * 1024);

        public Limits {
            if (maxEntries <= 0 || maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxRatio <= 0) {
                throw new IllegalArgumentException("zip limits must be positive");
            }
        }

        public Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
            this(maxEntries, maxEntryBytes, maxTotalBytes, DEFAULT_MAX_RATIO);
        }
    }

    private final Limits limits;

    public SafeExtractor() {
        this(Limits.DEFAULTS);
    }

    public SafeExtractor(Limits limits) {
        this.limits = limits;
    }

    /**
     * Extracts {@code zip} (the package of {@code version}) into {@code paths.packageDir(version)}.
     * When that folder already exists the package is already installed and nothing changes.
     *
     * @return the package folder
     * @throws InvalidPackageException when the package is unsafe or not the requested release
     * @throws ReconcileException (transient) when the disk failed us
     */
    public Path extract(Path zip, Version version, ProjectPaths paths) {
        String label = "release package " + zip.getFileName();
        Path target = paths.packageDir(version);
        Path temp = null;
        try {
            StateFiles.folder(paths.packages());
            temp = Files.createDirectory(paths.packages().resolve(tempName(version)));
            unzip(zip, temp, label);
            validate(temp, version, label);
            install(temp, target, version);
            return target;
        } catch (ReconcileException e) {
            throw e;
        } catch (IOException e) {
            if (DiskSpace.isFull(e)) {
                throw new ReconcileException("could not extract " + label + " into " + paths.packages() + ": "
                        + e.getMessage() + ": " + DiskSpace.describeFull(paths.packages()) + ". Nothing was installed; "
                        + DiskSpace.FIX, false, e);
            }
            throw new ReconcileException("could not extract " + label + " into " + paths.packages() + ": "
                    + e + "; check free disk space and permissions; nothing was installed", true, e);
        } finally {
            if (temp != null) {
                FileTrees.deleteQuietly(temp);
            }
        }
    }

    static String tempName(Version version) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return tempPrefix(version) + HexFormat.of().formatHex(random);
    }

    static String tempPrefix(Version version) {
        return TEMP_PREFIX + version + "-";
    }

    /** Exactly the names {@link #tempName} makes, so 1.0.0 never matches the folders of 1.0.0-rc.1. */
    static boolean isTempFolderOf(String name, Version version) {
        String prefix = tempPrefix(version);
        return name.startsWith(prefix) && TEMP_SUFFIX.matcher(name.substring(prefix.length())).matches();
    }

    private void unzip(Path zip, Path temp, String label) throws IOException {
        List<ZipCentralDirectory.Entry> central = ZipCentralDirectory.read(zip, limits.maxEntries(), label);
        Set<String> seen = new HashSet<>();
        for (ZipCentralDirectory.Entry e : central) {
            checkName(e.name(), label);
            if (e.isSymlink()) {
                throw new InvalidPackageException(label + " contains the symbolic link '" + e.name()
                        + "'; packages may not contain links; nothing was installed");
            }
            if (!seen.add(stripSlash(e.name()))) {
                throw new InvalidPackageException(label + " contains '" + e.name()
                        + "' more than once; refusing an ambiguous package; nothing was installed");
            }
        }
        ZipFile zf;
        try {
            zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new InvalidPackageException(label + " is not a valid zip file: " + e.getMessage(), e);
        }
        try (zf) {
            long total = 0;
            int index = 0;
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                // The checks above ran on our own reading of the directory; make sure it is the
                // same list the JDK is about to extract, or the checks would prove nothing.
                if (index >= central.size() || !central.get(index).name().equals(entry.getName())) {
                    throw new InvalidPackageException(label + " has a central directory that cannot be read consistently; "
                            + "nothing was installed");
                }
                index++;
                Path out = temp.resolve(entry.getName()).normalize();
                if (out.equals(temp) && entry.isDirectory()) {
                    continue; // "./": the root itself
                }
                if (!out.startsWith(temp) || out.equals(temp)) {
                    throw new InvalidPackageException(label + " contains '" + entry.getName()
                            + "', which points outside the package folder; nothing was installed");
                }
                if (entry.isDirectory()) {
                    createDirectories(out, temp);
                    continue;
                }
                createDirectories(out.getParent(), temp);
                try (InputStream in = zf.getInputStream(entry)) {
                    total += copy(in, out, total, entry.getName(), entry.getCompressedSize(), label);
                } catch (ZipException e) {
                    throw new InvalidPackageException(label + " is damaged at '" + entry.getName() + "': "
                            + e.getMessage() + "; nothing was installed", e);
                }
            }
            if (index != central.size()) {
                throw new InvalidPackageException(label + " has a central directory that cannot be read consistently; "
                        + "nothing was installed");
            }
        }
    }

    private static void checkName(String name, String label) {
        String problem = null;
        if (name.isEmpty()) {
            problem = "an entry with an empty name";
        } else if (name.indexOf('\0') >= 0) {
            problem = "a name with a NUL character";
        } else if (name.indexOf('\\') >= 0) {
            problem = "a backslash (Windows path separator)";
        } else if (name.startsWith("/")) {
            problem = "an absolute path";
        } else if (DRIVE_LETTER.matcher(name).matches()) {
            problem = "a drive letter";
        } else {
            for (String part : name.split("/")) {
                if (part.equals("..")) {
                    problem = "'..', which points outside the package folder";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new InvalidPackageException(label + " contains the entry '" + printable(name) + "' with " + problem
                    + "; refusing an unsafe package; nothing was installed");
        }
    }

    private static void createDirectories(Path dir, Path root) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidPackageException("the release package uses '" + root.relativize(dir)
                    + "' both as a file and as a folder; nothing was installed");
        }
        Files.createDirectories(dir);
    }

    /** Copies one entry, counting the bytes really inflated. Returns the number of bytes written. */
    private long copy(InputStream in, Path out, long totalSoFar, String name, long compressed, String label) throws IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        // CREATE_NEW: an entry can never overwrite another one, whatever the directory said.
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                written += n;
                if (written > limits.maxEntryBytes()) {
                    throw new InvalidPackageException(label + ": entry '" + name + "' unpacks to more than "
                            + limits.maxEntryBytes() + " bytes; refusing it as a possible zip bomb; nothing was installed");
                }
                // compressed is what the JDK read from the central directory; -1 (unknown) leaves the size caps.
                if (written > Limits.RATIO_FLOOR && compressed >= 0 && written > limits.maxRatio() * Math.max(compressed, 1)) {
                    throw new InvalidPackageException(label + ": entry '" + printable(name) + "' inflates at a ratio of more "
                            + "than " + (written / Math.max(compressed, 1)) + ":1 (" + compressed + " compressed bytes, "
                            + written + " written so far), above the limit of " + limits.maxRatio() + ":1; refusing it as "
                            + "a possible zip bomb; nothing was installed. Ask the vendor for a package without it");
                }
                if (totalSoFar + written > limits.maxTotalBytes()) {
                    throw new InvalidPackageException(label + " unpacks to more than " + limits.maxTotalBytes()
                            + " bytes; refusing it as a possible zip bomb; nothing was installed");
                }
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
            // Durable before the rename publishes it: a power cut must not leave a truncated template.
            ch.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidPackageException(label + " contains '" + name + "' more than once; nothing was installed", e);
        }
        return written;
    }

    private static void validate(Path root, Version version, String label) throws IOException {
        Path manifestFile = root.resolve(ReleaseManifest.FILE);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidPackageException(label + " has no " + ReleaseManifest.FILE
                    + " at its root; it is not a release package (check spec.source.url); nothing was installed");
        }
        // Yaml refuses anything larger anyway; checking first avoids reading a huge file into memory.
        if (Files.size(manifestFile) > 4L * Yaml.MAX_DOCUMENT_CHARS) {
            throw new InvalidPackageException(label + ": " + ReleaseManifest.FILE + " is too large to be a manifest; nothing was installed");
        }
        String fileName = label.substring("release package ".length()) + "!/" + ReleaseManifest.FILE;
        ReleaseManifest manifest;
        try {
            manifest = ReleaseManifest.parse(fileName, Files.readString(manifestFile, StandardCharsets.UTF_8));
        } catch (InvalidInputException e) {
            throw new InvalidPackageException("the manifest of " + label + " is invalid: " + e.getMessage()
                    + "; the package is faulty: get a fixed one from its vendor, or check spec.source.url; nothing was installed", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidPackageException(fileName + " is not UTF-8 text; nothing was installed", e);
        }
        if (manifest.version() == null || !manifest.version().sameAs(version)) {
            throw new InvalidPackageException(label + " is release " + manifest.version() + " according to its "
                    + ReleaseManifest.FILE + ", but release " + version + " was requested; check that spec.source.url "
                    + "points at the package of " + version + "; nothing was installed");
        }
        Path config = root.resolve("config");
        if (!Files.isRegularFile(config.resolve("compose.yaml.tmpl"), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(config.resolve("compose.yaml"), LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidPackageException(label + " has neither config/compose.yaml.tmpl nor config/compose.yaml; "
                    + "it is not a release package; nothing was installed");
        }
    }

    private static void install(Path temp, Path target, Version version) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(target.resolve(ReleaseManifest.FILE), LinkOption.NOFOLLOW_LINKS)) {
                return; // installed already, by an earlier run; the caller deletes the temp folder
            }
            // Not ours (a complete package always has its manifest): move it aside under a temp
            // name, so a crash here leaves only a leftover the next run cleans, then remove it.
            Path aside = target.resolveSibling(tempName(version));
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.deleteRecursively(aside);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ReconcileException("cannot rename " + temp + " to " + target + " atomically; "
                    + "the package store must be on one file system", false, e);
        }
    }

    private static String stripSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return sb.toString();
    }
}
