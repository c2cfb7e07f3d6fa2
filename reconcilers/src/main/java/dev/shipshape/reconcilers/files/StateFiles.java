package dev.shipshape.reconcilers.files;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.desired.DesiredFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one way shipshape opens its own state ({@code .shipshape/} and what is in it). shipshape runs as
 * root in a folder other people edit: a link planted there under a name shipshape writes (controller.lock,
 * a download's .part) would make root truncate or overwrite any file on the host. So no state file or
 * folder is followed through a link: each is checked with lstat (a link, someone else's, a folder others
 * may write to, or the wrong kind of entry is refused with what to do) and opened with
 * {@link LinkOption#NOFOLLOW_LINKS}, which also closes the gap between the check and the open for the
 * file itself. The state folder is created 0700.
 */
public final class StateFiles {
    public static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final String STATE_FOLDER = ".shipshape";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private StateFiles() {
    }

    /** The project's state folder, created 0700 when missing, and checked. */
    public static Path stateDir(ProjectPaths paths) throws IOException {
        return folder(paths.stateDir());
    }

    /**
     * Creates {@code dir} (a state folder or a folder in one) and what is missing of it from the state
     * folder down, each 0700, and checks every one of them.
     */
    public static Path folder(Path dir) throws IOException {
        Path root = stateRoot(dir);
        if (root.getParent() != null) {
            Files.createDirectories(root.getParent()); // the project folder: the user's, made as it always was
        }
        for (Path p : chain(root, dir)) {
            if (!Files.exists(p, NOFOLLOW)) {
                try {
                    // The mode is given as the folder is made, so it is never open to others even for an instant.
                    Files.createDirectory(p, AtomicFiles.posix()
                            ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FOLDER_MODE)}
                            : new FileAttribute<?>[0]);
                } catch (FileAlreadyExistsException raced) {
                    // made meanwhile, by us or someone else: the check below tells which
                }
            }
            checkFolder(p);
        }
        return dir;
    }

    /**
     * Whether the folder {@code dir} exists, after checking it and the state folders above it as
     * {@link #folder} does, without creating anything.
     */
    public static boolean folderExists(Path dir) {
        checkFolders(dir.toAbsolutePath().normalize().resolve("entry"));
        return lstat(dir).isPresent();
    }

    /**
     * Whether {@code file} exists, after checking it and its folders: a regular file of this user, not
     * reached through a link.
     *
     * @throws UnsafeStateException when it or one of its state folders cannot be trusted
     */
    public static boolean exists(Path file) {
        checkFolders(file);
        return checkFile(file);
    }

    /**
     * Opens a state file, never through a link: its folders and the file (when it exists) are checked
     * first, and {@link LinkOption#NOFOLLOW_LINKS} refuses a link planted after the check.
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        checkFolders(file);
        checkFile(file);
        OpenOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = LinkOption.NOFOLLOW_LINKS;
        try {
            return FileChannel.open(file, all);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                throw refusedLink(file, e);
            }
            throw e;
        }
    }

    /** The text of a state file, or empty when there is none. */
    public static Optional<String> readString(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.exists(parent, NOFOLLOW)) { // with NOFOLLOW a link exists, and is refused below
            return Optional.empty();
        }
        try (FileChannel ch = open(file, java.nio.file.StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), Integer.MAX_VALUE - 8));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // a file that grows meanwhile is read up to the size it had
            }
            return Optional.of(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces a state file atomically ({@link AtomicFiles#replace}), creating its folders. The rename
     * would replace a planted link rather than write through it; it is refused all the same, so whoever
     * looks learns that someone put it there.
     */
    public static void replace(Path file, byte[] content, Set<PosixFilePermission> perms, String tempPrefix) throws IOException {
        folder(file.toAbsolutePath().getParent());
        checkFile(file);
        AtomicFiles.replace(file, content, perms, tempPrefix);
    }

    /**
     * The project folder of {@code desired}, once its real path is known to lie inside the real folder of
     * the desired file. The text check (no absolute path, no '..') is the model's; a symbolic link inside
     * the base folder pointing elsewhere passes it, and would let whoever made it aim shipshape's state
     * and export at any folder on the host.
     */
    public static Path containedProjectDir(DesiredFile desired) {
        Path base = realPath(desired.baseDir());
        Path real;
        try {
            real = realPath(desired.projectDir());
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(desired.path().toString(), "spec.projectDir", "'" + desired.spec().projectDir()
                    + "' cannot be followed to a real folder (" + e.getCause().getMessage() + ", a symbolic link that"
                    + " points nowhere?); make the project folder a real folder inside " + base);
        }
        if (!real.startsWith(base)) {
            throw new InvalidInputException(desired.path().toString(), "spec.projectDir", "'" + desired.spec().projectDir()
                    + "' leads to " + real + " through a symbolic link, outside " + base + ", the folder of this file;"
                    + " make the project folder a real folder inside " + base + " (not a link to one elsewhere)");
        }
        return desired.projectDir();
    }

    /** The real path of {@code p}: that of its nearest existing ancestor, with the rest as written. */
    private static Path realPath(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        // NOFOLLOW: a link that points nowhere is a part that exists, and its real path is asked for (and refused)
        while (existing != null && !Files.exists(existing, NOFOLLOW)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + existing + ": " + e.getMessage(), e);
        }
    }

    /** Checks the folders from the state folder down to {@code file}'s own; missing ones are fine. */
    private static void checkFolders(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        for (Path p : chain(stateRoot(parent), parent)) {
            if (!Files.exists(p, NOFOLLOW)) { // with NOFOLLOW a link exists, and is refused
                return;
            }
            checkFolder(p);
        }
    }

    private static void checkFolder(Path dir) {
        BasicFileAttributes a = lstat(dir).orElseThrow(() -> new UnsafeStateException(dir + " vanished while shipshape"
                + " checked it; is another program changing the project folder? Run again"));
        if (a.isSymbolicLink()) {
            throw refusedLink(dir, null);
        }
        if (!a.isDirectory()) {
            throw new UnsafeStateException(dir + " is not a folder; shipshape keeps its state there. Move it away"
                    + " and run again: shipshape creates the folder (mode 700)");
        }
        if (a instanceof PosixFileAttributes posix) {
            checkOwner(dir, posix);
            Set<PosixFilePermission> mode = posix.permissions();
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new UnsafeStateException(dir + " may be written by users other than its owner (mode "
                        + PosixFilePermissions.toString(mode) + "), who could plant links or files in it; "
                        + "run chmod 700 " + dir + " (check what is in it first) and run again");
            }
        }
    }

    /** @return whether the file exists; throws when it is not a regular file of this user */
    private static boolean checkFile(Path file) {
        Optional<BasicFileAttributes> attrs = lstat(file);
        if (attrs.isEmpty()) {
            return false;
        }
        BasicFileAttributes a = attrs.get();
        if (a.isSymbolicLink()) {
            throw refusedLink(file, null);
        }
        if (!a.isRegularFile()) {
            throw new UnsafeStateException(file + " is not a regular file; shipshape keeps its own file under this name."
                    + " Move it away and run again");
        }
        if (a instanceof PosixFileAttributes posix) {
            checkOwner(file, posix);
        }
        return true;
    }

    /**
     * The owner must be the user shipshape runs as, or root: root's files cannot have been planted by
     * anyone less trusted, and accepting them lets {@code shipshape status} run as another user read
     * what a root controller wrote.
     */
    private static void checkOwner(Path p, PosixFileAttributes a) {
        UserPrincipal me = currentUser(p);
        if (!a.owner().equals(me) && !a.owner().getName().equals("root")) {
            throw new UnsafeStateException(p + " belongs to user " + a.owner().getName() + ", not to " + me.getName()
                    + " that shipshape runs as; shipshape made everything in its state folder itself, so someone else"
                    + " put this here. Check it, then remove it (shipshape recreates what it needs) or give it to "
                    + me.getName() + " (chown " + me.getName() + " " + p + ") and run again");
        }
    }

    private static UserPrincipal currentUser(Path p) {
        String name = System.getProperty("user.name");
        try {
            return p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        } catch (IOException e) {
            throw new UnsafeStateException("cannot tell whether " + p + " belongs to the user shipshape runs as: user '"
                    + name + "' is unknown to the system (" + e.getMessage() + "); run shipshape as a user the system"
                    + " knows by name, as root is", e);
        }
    }

    /** lstat: the entry itself, a link included; empty when there is none. */
    private static Optional<BasicFileAttributes> lstat(Path p) {
        try {
            return Optional.of(AtomicFiles.posix()
                    ? Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW)
                    : Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + p + ": " + e.getMessage(), e);
        }
    }

    private static UnsafeStateException refusedLink(Path p, Throwable cause) {
        String target;
        try {
            target = " to " + Files.readSymbolicLink(p);
        } catch (IOException | UnsupportedOperationException e) {
            target = "";
        }
        return new UnsafeStateException(p + " is a symbolic link" + target + "; shipshape never follows a link in its"
                + " state folder, where it would write as root to whatever the link names. Remove the link (rm " + p
                + "; the link only, not what it points to) and run again: shipshape recreates what it needs", cause);
    }

    /** The nearest of {@code p} and its ancestors named .shipshape, or {@code p} itself when there is none. */
    private static Path stateRoot(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        for (Path q = abs; q != null; q = q.getParent()) {
            if (q.getFileName() != null && q.getFileName().toString().equals(STATE_FOLDER)) {
                return q;
            }
        }
        return abs;
    }

    /** {@code root}, then each folder below it down to {@code dir}. */
    private static List<Path> chain(Path root, Path dir) {
        List<Path> out = new ArrayList<>();
        Path p = root;
        out.add(p);
        for (Path name : root.relativize(dir.toAbsolutePath().normalize())) {
            if (!name.toString().isEmpty()) {
                p = p.resolve(name);
                out.add(p);
            }
        }
        return out;
    }
}
