package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.DiskSpace;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.files.StateFiles;
import dev.shipshape.reconcilers.files.UnsafeStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Fetches a release package (http, https or file URL), computing its sha256 while the bytes stream
 * into a {@code .part} file, and publishes it under its final name by an atomic rename only when the
 * checksum matches. A crash at any instant leaves at most a {@code .part} file, never a wrong zip.
 *
 * <p>{@link PublishedChecksum} finds the digest to expect, {@link PackageTransfer} moves the bytes
 * (through {@link ReleaseOpener} and {@link HttpOpener}); this class decides what becomes of the
 * {@code .part} file. {@link ReleaseUrls} names the files.
 */
public final class ReleaseFetcher {
    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the response headers arrive; slow mirrors can take a while to start a large file. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Longest silence tolerated in the middle of a body before the download is abandoned. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseFetcher.class);

    /** A verified package on disk. */
    public record Fetched(Path file, long size, String sha256) {
    }

    private final PublishedChecksum checksums;
    private final ReleaseSignature signatures;
    private final PackageTransfer transfer;

    public ReleaseFetcher() {
        this(DEFAULT_MAX_BYTES);
    }

    public ReleaseFetcher(long maxBytes) {
        this(maxBytes, DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public ReleaseFetcher(long maxBytes, Duration requestTimeout, Duration idleTimeout) {
        this(new ReleaseOpener(HttpOpener.lazy(CONNECT_TIMEOUT, requestTimeout, idleTimeout)), maxBytes);
    }

    private ReleaseFetcher(ReleaseOpener opener, long maxBytes) {
        this(new PublishedChecksum(opener), new ReleaseSignature(opener), new PackageTransfer(maxBytes, opener));
    }

    ReleaseFetcher(PublishedChecksum checksums, ReleaseSignature signatures, PackageTransfer transfer) {
        this.checksums = checksums;
        this.signatures = signatures;
        this.transfer = transfer;
    }

    /** The file name a package is stored under in {@code downloads/}; see {@link ReleaseUrls#zipName}. */
    public static String zipName(URI url, Version version) {
        return ReleaseUrls.zipName(url, version);
    }

    /** The partial download next to {@code target}; see {@link ReleaseUrls#partFile}. */
    public static Path partFile(Path target) {
        return ReleaseUrls.partFile(target);
    }

    /** The pin when there is one, else the digest published at {@code {url}.sha256}. */
    public String expectedSha256(URI url, String pinnedSha256) {
        return expectedSha256(url, pinnedSha256, null);
    }

    /** As {@link #expectedSha256(URI, String)}, the checksum file's fetch bounded by {@code timeout} (null: none). */
    public String expectedSha256(URI url, String pinnedSha256, Duration timeout) {
        return checksums.expected(url, pinnedSha256, timeout);
    }

    /**
     * Checks {@code {url}.sig} against {@code sha256}, the digest the package must have, with {@code publicKey}
     * (spec.source.publicKey as written), fetching it within {@code timeout} (null: none). Called before the
     * package is downloaded or reused: the zip is then accepted only with that digest, so a valid signature of
     * the digest vouches for the zip, and a refused one costs no download. See {@link ReleaseSignature}.
     */
    public void verifySignature(URI url, String sha256, String publicKey, Duration timeout) {
        signatures.verify(url, sha256, publicKey, timeout);
    }

    /**
     * Downloads the package of {@code version} from {@code url} to {@code target}, through
     * {@code target.part}, verifying the sha256 of the whole file while it streams.
     *
     * <p>A {@code .part} file left by an interrupted transfer is continued with an HTTP Range request:
     * a 206 appends to it (the digest covers the bytes already there, then the stream), a 200 (the
     * server ignores ranges) or a 416 starts over. On a transient failure the {@code .part} file is
     * kept for the next attempt; on a checksum mismatch or any permanent failure it is deleted.
     * A resumed download that does not match is tried once more from zero before it is reported, so
     * damaged bytes left by an earlier run cannot wedge the download. {@code target} only ever appears
     * complete and verified.
     */
    public Fetched fetch(URI url, Version version, String expectedSha256, Path target) {
        return fetch(url, version, expectedSha256, target, null);
    }

    /**
     * As {@link #fetch(URI, Version, String, Path)}, the whole transfer bounded by {@code timeout} (null:
     * none): a source that trickles bytes never trips the idle timeout, so only this stops it.
     */
    public Fetched fetch(URI url, Version version, String expectedSha256, Path target, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        String where = Redact.url(url);
        Path part = ReleaseUrls.partFile(target);
        boolean published = false;
        boolean keepPart = false;
        try {
            StateFiles.folder(target.getParent());
            PackageTransfer.Result attempt = transfer.run(url, version, part, where, deadline);
            if (!attempt.sha256().equals(expectedSha256) && attempt.resumedFrom() > 0) {
                LOG.warn("the download from {} resumed at byte {} does not match its checksum; starting over from zero",
                        where, attempt.resumedFrom());
                Files.deleteIfExists(part);
                attempt = transfer.run(url, version, part, where, deadline);
            }
            if (!attempt.sha256().equals(expectedSha256)) {
                throw mismatch(url, where, expectedSha256, attempt);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            published = true;
            return new Fetched(target, attempt.size(), attempt.sha256());
        } catch (IOException e) {
            if (DiskSpace.isFull(e)) {
                // The part would only keep the disk full; not the release source's fault, so not retried at once.
                throw new ReconcileException("could not download release " + version + " from " + where + ": "
                        + e.getMessage() + ": " + DiskSpace.describeFull(target.getParent()) + ". The partial download"
                        + " was deleted and nothing was installed; " + DiskSpace.FIX, false);
            }
            // The bytes received so far are fine as far as anyone knows: keep them to resume.
            keepPart = true;
            throw FetchFailures.io("could not download release " + version + " from " + where, url, e);
        } catch (ReconcileException e) {
            keepPart = e.isTransient();
            throw e;
        } catch (UnsafeStateException e) {
            // left as found, for whoever looks into who planted it; the refusal says how to remove it
            keepPart = true;
            throw e;
        } finally {
            if (!published && !keepPart) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // a later run resumes or replaces it; its checksum is checked either way
                }
            }
        }
    }

    /**
     * A local file's hash and size are never named: whoever writes the desired file chooses the path,
     * and a wrong pin would otherwise tell them the sha256 and size of any file root can read (it goes
     * to status.json, /status and the logs). A server's bytes are no secret of this host, so their hash
     * helps to tell a stale pin from a damaged download.
     */
    private static ChecksumMismatchException mismatch(URI url, String where, String expected, PackageTransfer.Result attempt) {
        String fix = "; the download was deleted and nothing was installed. Check spec.source.checksum, or the published"
                + " .sha256 file, against the release";
        if ("file".equalsIgnoreCase(url.getScheme())) {
            return new ChecksumMismatchException("the package at " + where + " does not have the sha256 " + expected
                    + " that was expected" + fix, expected, null);
        }
        return new ChecksumMismatchException("the package downloaded from " + where + " has sha256 " + attempt.sha256()
                + " but " + expected + " was expected (" + attempt.size() + " bytes received)" + fix, expected, attempt.sha256());
    }
}
