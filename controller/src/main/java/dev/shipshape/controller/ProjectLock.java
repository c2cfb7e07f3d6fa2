package dev.shipshape.controller;

import dev.shipshape.model.ShipshapeException;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.files.StateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller per project: an OS file lock on {@code .shipshape/controller.lock}. The OS
 * releases it when the process dies, so a crash never leaves a lock that blocks the next run. The
 * file names its holder while held and is emptied on a clean release, so a holder named in a file
 * nobody locks is one that died (killed, crashed): its lock is taken over with a warning, and the
 * next reconciliation finishes what it left half-done.
 */
public final class ProjectLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static ProjectLock acquire(ProjectPaths paths, String project, String holder) {
        Path file = paths.stateDir().resolve("controller.lock");
        FileChannel ch = null;
        try {
            // Never through a link: the holder's name is written into this file, as root.
            StateFiles.stateDir(paths);
            ch = StateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String other = previousHolder(ch);
                throw new ShipshapeException("another shipshape (" + (other.isEmpty() ? "unknown process" : other)
                        + ") is managing project " + project + " (lock " + file + "); stop it first, or let it do the work:"
                        + " edit the desired file and it follows");
            }
            String stale = previousHolder(ch);
            if (!stale.isEmpty()) {
                LOG.warn("taking over the lock {} of {}, which ended without releasing it (killed or crashed);"
                        + " this run finishes what it left half-done", file, stale);
            }
            nameHolder(ch, file, holder);
            return new ProjectLock(ch, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch); // closing the channel releases the lock: a failed acquire holds nothing
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * The holder's name only helps the next run say whom it takes over from: on a full disk it cannot be
     * written, and the run goes on holding the lock (and meets the full disk where it can say so clearly).
     */
    private static void nameHolder(FileChannel ch, Path file, String holder) {
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((holder + ", pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
        } catch (IOException e) {
            LOG.warn("could not write the holder's name into {} ({}); the lock holds all the same", file, e.getMessage());
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** What the lock file says: its last holder when that one did not release it cleanly, else empty. */
    private static String previousHolder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        // only the pid and who held it; never more than a line
        return text.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        try {
            // empty means "released cleanly": only a holder that dies leaves its name behind
            channel.truncate(0);
            channel.force(false);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        }
    }
}
