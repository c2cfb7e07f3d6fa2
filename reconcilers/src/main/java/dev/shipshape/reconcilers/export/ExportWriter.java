package dev.shipshape.reconcilers.export;

import dev.shipshape.reconcilers.files.AtomicFiles;
import dev.shipshape.reconcilers.DiskSpace;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.files.FileTrees;

import dev.shipshape.reconcilers.files.ProjectPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces a project's export folder by new content, safe to interrupt at any instant: the new
 * export is written completely into {@code .export-tmp-*} and fsynced, then swapped in by two
 * renames ({@code export} to {@code .export-old-*}, temp to {@code export}). A crash leaves the old
 * export, the new one, or (between the renames) none; in every case the next run removes the
 * leftovers and writes the export again.
 */
final class ExportWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ExportWriter.class);
    static final String TEMP_PREFIX = ".export-tmp-";
    static final String OLD_PREFIX = ".export-old-";

    /*
     * Modes: services read their files through bind mounts, often as a non-root user, so files
     * are 0644 and folders 0755 like the runbook's unzip would make them. A file that holds a
     * secret value (an env file with a password, a config with a token) is 0600: readable by the
     * owner and by containers running as root, never by other local users.
     */
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private final SecureRandom random = new SecureRandom();

    /** Removes what an interrupted earlier run left behind. A missing export is fine: one is about to be written. */
    void removeLeftovers(ProjectPaths paths) {
        Path dir = paths.projectDir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(TEMP_PREFIX) || n.startsWith(OLD_PREFIX);
        })) {
            entries.forEach(leftovers::add);
        } catch (IOException e) {
            throw new ExportIoException("cannot list " + dir + " (" + e.getMessage() + ")", e);
        }
        for (Path p : leftovers) {
            LOG.info("removing {} left by an interrupted export", p);
            deleteTree(p);
        }
    }

    /** Writes {@code files} as the new export of the project and swaps it in. */
    void write(ProjectPaths paths, Map<String, byte[]> files, SecretScanner secrets) {
        Path temp = paths.projectDir().resolve(TEMP_PREFIX + token());
        try {
            Files.createDirectories(paths.projectDir());
            createDir(temp);
            List<Path> dirs = new ArrayList<>();
            dirs.add(temp);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = temp.resolve(f.getKey()).normalize();
                if (!target.startsWith(temp) || target.equals(temp)) {
                    throw new IllegalArgumentException("export path '" + f.getKey() + "' escapes the export folder");
                }
                createParents(temp, target.getParent(), dirs);
                AtomicFiles.createAndSync(target, f.getValue(),
                        secrets.foundIn(f.getValue()) ? AtomicFiles.OWNER_ONLY : FILE);
                Failpoints.reach(Failpoints.MID_EXPORT);
            }
            // Deepest first, so every entry is durable before the folder holding it is.
            for (int i = dirs.size() - 1; i >= 0; i--) {
                AtomicFiles.syncDir(dirs.get(i));
            }
            swap(paths, temp);
        } catch (IOException e) {
            FileTrees.deleteQuietly(temp);
            if (DiskSpace.isFull(e)) {
                throw new ExportIoException("cannot write the export of " + paths.projectDir() + " (" + e.getMessage()
                        + "): " + DiskSpace.describeFull(paths.projectDir()) + ". The half-written export was deleted; the"
                        + " previous export is unchanged and the running server keeps it; " + DiskSpace.FIX, e);
            }
            throw new ExportIoException("cannot write the export of " + paths.projectDir() + " (" + e.getMessage()
                    + "); check free space and that shipshape may write there. The previous export is unchanged.", e);
        } catch (RuntimeException e) {
            FileTrees.deleteQuietly(temp);
            throw e;
        }
    }

    private void swap(ProjectPaths paths, Path temp) throws IOException {
        Path export = paths.export();
        Path old = null;
        if (Files.exists(export, LinkOption.NOFOLLOW_LINKS)) {
            old = paths.projectDir().resolve(OLD_PREFIX + token());
            Files.move(export, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temp, export, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDir(paths.projectDir());
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void createParents(Path root, Path dir, List<Path> created) throws IOException {
        if (dir.equals(root) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        createParents(root, dir.getParent(), created);
        createDir(dir);
        created.add(dir);
    }

    private static void createDir(Path dir) throws IOException {
        Files.createDirectory(dir);
        if (AtomicFiles.posix()) {
            Files.setPosixFilePermissions(dir, DIR);
        }
    }

    private String token() {
        byte[] b = new byte[6];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Deletes a folder tree without following links: a link is removed, never what it points to. */
    static void deleteTree(Path root) {
        try {
            FileTrees.deleteRecursively(root);
        } catch (IOException e) {
            throw new ExportIoException("cannot delete " + root + " (" + e.getMessage() + "); delete it by hand", e);
        }
    }
}
