package dev.shipshape.reconcilers.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that survive a crash at any instant: content goes to a new file, is flushed to disk, and
 * only then takes its place by a rename, so a reader sees either the old file or the new one.
 */
public final class AtomicFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    public static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code file} (which must not exist) with {@code perms} before any byte is written,
     * so a secret is never readable by others even for an instant, then writes and fsyncs it.
     */
    public static void createAndSync(Path file, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        FileAttribute<?>[] attrs = posix()
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(perms)}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
            if (posix()) {
                // The umask may have removed bits; set exactly what was asked for.
                Files.setPosixFilePermissions(file, perms);
            }
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** Replaces {@code target} by {@code content} with mode {@code perms}, via a temp file in the same folder. */
    public static void replace(Path target, byte[] content, Set<PosixFilePermission> perms, String tempPrefix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve(tempPrefix + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            createAndSync(temp, content, perms);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDir(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes a rename or a new entry in {@code dir} durable. */
    public static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot fsync a folder. The rename is atomic all the same; only its
            // durability across a power cut is weaker there, which a later reconciliation repairs.
        }
    }
}
