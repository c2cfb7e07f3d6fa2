package dev.shipshape.controller;

import dev.shipshape.model.ShipshapeException;
import dev.shipshape.reconcilers.ProjectPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One controller per project: an OS file lock on {@code .shipshape/controller.lock}. The OS
 * releases it when the process dies, so a crash never leaves a stale lock behind.
 */
public final class ProjectLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static ProjectLock acquire(ProjectPaths paths, String project, String holder) {
        Path file = paths.stateDir().resolve("controller.lock");
        try {
            Files.createDirectories(paths.stateDir());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String other = Files.readString(file, StandardCharsets.UTF_8).strip();
                ch.close();
                throw new ShipshapeException("another shipshape (" + (other.isEmpty() ? "unknown process" : other)
                        + ") is managing project " + project + " (lock " + file + "); stop it first, or let it do the work:"
                        + " edit the desired file and it follows");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((holder + ", pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
            return new ProjectLock(ch, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        }
    }
}
