package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.files.StateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * One transfer of a package into its {@code .part} file: continued where an earlier one stopped when
 * the source allows it, hashed while it streams, and bounded by the size limit.
 */
final class PackageTransfer {
    // The log lines keep the name they always had.
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseFetcher.class);

    /** One transfer: its total size, the sha256 of the whole file, and the byte it resumed at (0: from scratch). */
    record Result(long size, String sha256, long resumedFrom) {
    }

    private final long maxBytes;
    private final ReleaseOpener opener;

    PackageTransfer(long maxBytes, ReleaseOpener opener) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.opener = opener;
    }

    /** Transfers {@code url} into {@code part}, continuing the bytes already there when the source allows it. */
    Result run(URI url, Version version, Path part, String where, Deadline deadline) throws IOException {
        // A .part planted as a link would have root append the package to, or truncate, whatever it names.
        long have = StateFiles.exists(part) ? Files.size(part) : 0;
        if (have > maxBytes) {
            Files.delete(part);
            have = 0;
        }
        try (ReleaseBody body = opener.open(url, have, deadline, () -> new ReconcileException("release " + version
                + " not found at " + where + "; check spec.version and spec.source.url", false))) {
            if (body.total() > maxBytes) {
                throw tooLarge(where, body.total());
            }
            MessageDigest digest = Sha256.newDigest();
            long start = body.offset();
            if (start > 0) {
                LOG.info("resuming the download from {} at byte {}{}", where, start,
                        body.total() >= 0 ? " of " + body.total() : "");
                try (InputStream in = Channels.newInputStream(StateFiles.open(part, StandardOpenOption.READ))) {
                    Sha256.update(digest, in);
                }
            } else if (have > 0) {
                LOG.info("the release source does not resume this download; downloading {} from the start", where);
            }
            DownloadProgress progress = DownloadProgress.start(where, start, body.total());
            long size;
            try {
                size = copy(body.stream(), part, start, digest, where, progress);
            } finally {
                progress.finish();
            }
            if (body.total() >= 0 && size != body.total()) {
                throw new ReconcileException("the download from " + where + " ended after " + size + " of " + body.total()
                        + " bytes; nothing was installed; the bytes received are kept and the download resumes on the "
                        + "next attempt", true);
            }
            return new Result(size, Sha256.hex(digest), start);
        }
    }

    /** Appends the stream to {@code part} when {@code start} is past 0, else replaces its content. */
    private long copy(InputStream in, Path part, long start, MessageDigest digest, String where,
                      DownloadProgress progress) throws IOException {
        long size = start;
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel out = StateFiles.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = read(in, buffer, size)) > 0) {
                size += n;
                if (size > maxBytes) {
                    throw tooLarge(where, size);
                }
                digest.update(buffer, 0, n);
                ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
                progress.update(size);
            }
            // On disk before the rename makes it look finished.
            out.force(true);
        }
        return size;
    }

    /**
     * A read of the body; a connection that breaks off is said as such, with how far it got (the
     * stack's own word is a bare "closed" or "Connection reset"). A time-out keeps its type.
     */
    private static int read(InputStream in, byte[] buffer, long size) throws IOException {
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("the release server broke off the transfer after " + size + " bytes ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    private ReconcileException tooLarge(String where, long size) {
        return new ReconcileException("the package at " + where + " is larger than the limit of " + maxBytes
                + " bytes (" + size + " bytes or more); nothing was installed. If the release really is this large, "
                + "raise the download limit", false);
    }
}
