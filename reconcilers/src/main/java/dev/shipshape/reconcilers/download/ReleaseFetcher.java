package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.DiskSpace;
import dev.shipshape.reconcilers.ReconcileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a release package (http, https or file URL), computing its sha256 while the bytes stream
 * into a {@code .part} file, and publishes it under its final name by an atomic rename only when the
 * checksum matches. A crash at any instant leaves at most a {@code .part} file, never a wrong zip.
 */
public final class ReleaseFetcher {
    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Until the response headers arrive; slow mirrors can take a while to start a large file. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    /** Longest silence tolerated in the middle of a body before the download is abandoned. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseFetcher.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    /** A verified package on disk. */
    public record Fetched(Path file, long size, String sha256) {
    }

    private final long maxBytes;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final LazyHttpClient client;
    // Credentials in a URL must not travel to wherever a redirect points, so such requests don't follow any.
    private final LazyHttpClient clientWithoutRedirects;

    public ReleaseFetcher() {
        this(DEFAULT_MAX_BYTES);
    }

    public ReleaseFetcher(long maxBytes) {
        this(maxBytes, DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    public ReleaseFetcher(long maxBytes, Duration requestTimeout, Duration idleTimeout) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
        this.client = LazyHttpClient.of(CONNECT_TIMEOUT, HttpClient.Redirect.NORMAL);
        this.clientWithoutRedirects = LazyHttpClient.of(CONNECT_TIMEOUT, HttpClient.Redirect.NEVER);
    }

    /** The file name a package is stored under in {@code downloads/}: the URL's last segment when it is a plain name. */
    public static String zipName(URI url, Version version) {
        String path = url.getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return SAFE_FILE_NAME.matcher(last).matches() ? last : "release-" + version + ".zip";
    }

    /**
     * Makes a plain path from spec.source.url (a URI without scheme) a file URL: an absolute path as
     * it is, a relative one against {@code baseDir}, the folder of the desired file. URLs are returned unchanged.
     */
    public static URI resolve(URI url, Path baseDir) {
        if (url.getScheme() != null) {
            return url;
        }
        Path path = Path.of(url.getPath());
        return (path.isAbsolute() ? path : baseDir.resolve(path)).normalize().toUri();
    }

    /** {@code {url}.sha256}, with the suffix on the path so a query string stays where it was. */
    public static URI checksumUrl(URI url) {
        // In a URI's text the first '?' or '#' ends the path; neither can appear raw before it.
        String s = url.toString();
        int end = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return URI.create(s.substring(0, end) + ".sha256" + s.substring(end));
    }

    /** The pin when there is one, else the digest published at {@code {url}.sha256}. */
    public String expectedSha256(URI url, String pinnedSha256) {
        return expectedSha256(url, pinnedSha256, null);
    }

    /** As {@link #expectedSha256(URI, String)}, the checksum file's fetch bounded by {@code timeout} (null: none). */
    public String expectedSha256(URI url, String pinnedSha256, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        if (pinnedSha256 != null) {
            return pinnedSha256.toLowerCase(Locale.ROOT);
        }
        URI sumUrl = checksumUrl(url);
        String where = Redact.url(sumUrl);
        byte[] bytes;
        try (Body body = open(sumUrl, deadline, () -> new ReconcileException("there is no checksum file at " + where
                + "; publish one next to the package, or pin the checksum with spec.source.checksum: sha256:<64 hex digits>", false))) {
            bytes = body.stream().readNBytes(ChecksumFile.MAX_BYTES + 1);
        } catch (IOException e) {
            throw ioFailure("could not read the checksum file " + where, sumUrl, e);
        }
        if (bytes.length > ChecksumFile.MAX_BYTES) {
            throw new ReconcileException(where + " is larger than " + ChecksumFile.MAX_BYTES
                    + " bytes, so it is not a sha256 checksum file; check spec.source.url", false);
        }
        try {
            return ChecksumFile.parse(new String(bytes, StandardCharsets.UTF_8), where);
        } catch (IllegalArgumentException e) {
            throw new ReconcileException(e.getMessage(), false, e);
        }
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
        Path part = partFile(target);
        boolean published = false;
        boolean keepPart = false;
        try {
            Files.createDirectories(target.getParent());
            Attempt attempt = attempt(url, version, part, where, deadline);
            if (!attempt.sha256().equals(expectedSha256) && attempt.resumedFrom() > 0) {
                LOG.warn("the download from {} resumed at byte {} does not match its checksum; starting over from zero",
                        where, attempt.resumedFrom());
                Files.deleteIfExists(part);
                attempt = attempt(url, version, part, where, deadline);
            }
            if (!attempt.sha256().equals(expectedSha256)) {
                throw new ChecksumMismatchException("the package downloaded from " + where + " has sha256 " + attempt.sha256()
                        + " but " + expectedSha256 + " was expected (" + attempt.size() + " bytes received); the download "
                        + "was deleted and nothing was installed. Check spec.source.checksum, or the published .sha256 file, "
                        + "against the release", expectedSha256, attempt.sha256());
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
            throw ioFailure("could not download release " + version + " from " + where, url, e);
        } catch (ReconcileException e) {
            keepPart = e.isTransient();
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

    /** The partial download next to {@code target}. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** One transfer: its total size, the sha256 of the whole file, and the byte it resumed at (0: from scratch). */
    private record Attempt(long size, String sha256, long resumedFrom) {
    }

    private Attempt attempt(URI url, Version version, Path part, String where, Deadline deadline) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (have > maxBytes) {
            Files.delete(part);
            have = 0;
        }
        try (Body body = open(url, have, deadline, () -> new ReconcileException("release " + version + " not found at " + where
                + "; check spec.version and spec.source.url", false))) {
            if (body.total() > maxBytes) {
                throw tooLarge(where, body.total());
            }
            MessageDigest digest = Sha256.newDigest();
            long start = body.offset();
            if (start > 0) {
                LOG.info("resuming the download from {} at byte {}{}", where, start,
                        body.total() >= 0 ? " of " + body.total() : "");
                Sha256.update(digest, part);
            } else if (have > 0) {
                LOG.info("the release source does not resume this download; downloading {} from the start", where);
            }
            DownloadProgress progress = DownloadProgress.start(where, start, body.total());
            long size;
            try {
                size = copy(body.stream(), part, start > 0, start, digest, where, progress);
            } finally {
                progress.finish();
            }
            if (body.total() >= 0 && size != body.total()) {
                throw new ReconcileException("the download from " + where + " ended after " + size + " of " + body.total()
                        + " bytes; nothing was installed; the bytes received are kept and the download resumes on the "
                        + "next attempt", true);
            }
            return new Attempt(size, Sha256.hex(digest), start);
        }
    }

    private long copy(InputStream in, Path part, boolean append, long start, MessageDigest digest, String where,
                      DownloadProgress progress) throws IOException {
        long size = start;
        byte[] buffer = new byte[64 * 1024];
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = read(in, buffer, size, where)) > 0) {
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
    private static int read(InputStream in, byte[] buffer, long size, String where) throws IOException {
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

    /**
     * An open response body: the byte of the file it starts at (0, or the resume offset of a 206)
     * and the announced size of the whole file (-1 when unknown).
     */
    private record Body(InputStream stream, long offset, long total) implements AutoCloseable {
        Body(InputStream stream, long total) {
            this(stream, 0, total);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private interface NotFound {
        ReconcileException create();
    }

    private Body open(URI url, Deadline deadline, NotFound notFound) throws IOException {
        return open(url, 0, deadline, notFound);
    }

    /** Opens {@code url}, asking for the bytes from {@code from} on when it is positive and the scheme allows it. */
    private Body open(URI url, long from, Deadline deadline, NotFound notFound) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return openFile(url, notFound);
            case "http":
            case "https":
                return openHttp(url, from, deadline, notFound);
            default:
                throw new ReconcileException("cannot download from " + Redact.url(url)
                        + ": only http://, https:// and file:// URLs are supported", false);
        }
    }

    private Body openFile(URI url, NotFound notFound) throws IOException {
        Path file;
        try {
            file = Path.of(url);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new ReconcileException(Redact.url(url) + " is not a local file URL; write it as file:///absolute/path", false, e);
        }
        try {
            return new Body(Files.newInputStream(file), Files.size(file));
        } catch (NoSuchFileException e) {
            throw notFound.create();
        } catch (AccessDeniedException e) {
            throw new ReconcileException("shipshape may not read " + file + "; check its permissions", false, e);
        }
    }

    private Body openHttp(URI url, long from, Deadline deadline, NotFound notFound) throws IOException {
        String where = Redact.url(url);
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(deadline.cap(requestTimeout)).GET()
                .header("User-Agent", "shipshape");
        HttpClient http;
        if (url.getRawUserInfo() != null) {
            request.uri(URI.create(url.toString().replaceFirst(Pattern.quote(url.getRawUserInfo() + "@"), "")));
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8)));
            http = clientWithoutRedirects.get();
        } else {
            http = client.get();
            request.uri(url);
        }
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("the download from " + where + " was interrupted; nothing was installed", true, e);
        } catch (IllegalArgumentException e) {
            throw new ReconcileException(where + " is not a URL shipshape can fetch; check spec.source.url", false, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
            return new Body(new IdleTimeoutInputStream(response.body(), idleTimeout, deadline), length);
        }
        if (status == 206 && from > 0) {
            Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (range.matches() && Long.parseLong(range.group(1)) == from) {
                long total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
                return new Body(new IdleTimeoutInputStream(response.body(), idleTimeout, deadline), from, total);
            }
            // Not the range asked for: start over rather than splice bytes from somewhere else.
            response.body().close();
            return openHttp(url, 0, deadline, notFound);
        }
        response.body().close();
        if (status == 416 && from > 0) {
            // The part is as long as the file or longer: it cannot be continued, so start over.
            return openHttp(url, 0, deadline, notFound);
        }
        if (status == 404 || status == 410) {
            throw notFound.create();
        }
        if (status == 401 || status == 403) {
            throw new ReconcileException(where + " refused access (HTTP " + status
                    + "); check the credentials the release server expects", false);
        }
        if (status >= 300 && status < 400) {
            throw new ReconcileException(where + " redirected (HTTP " + status + ") to an address shipshape does not follow "
                    + "(https to http, or any redirect when the URL carries credentials); put the final address in spec.source.url", false);
        }
        boolean retry = status >= 500 || status == 408 || status == 429;
        throw new ReconcileException(where + " answered HTTP " + status
                + (retry ? "; the release server has a problem, will try again" : "; check spec.source.url"), retry);
    }

    /**
     * When a whole transfer must be over (System.nanoTime), and the timeout it came from; {@link #NONE}
     * never is. Read by the idle watchdog, which closes a stream that is still open at the deadline.
     */
    record Deadline(long atNanos, Duration timeout) {
        static final Deadline NONE = new Deadline(Long.MAX_VALUE, null);

        static Deadline after(Duration timeout) {
            return timeout == null ? NONE : new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
        }

        boolean passed() {
            return timeout != null && System.nanoTime() - atNanos > 0;
        }

        /** {@code other}, or what is left of this deadline when that is shorter (at least 1 ms). */
        Duration cap(Duration other) {
            if (timeout == null) {
                return other;
            }
            Duration left = Duration.ofNanos(Math.max(1_000_000, atNanos - System.nanoTime()));
            return left.compareTo(other) < 0 ? left : other;
        }
    }

    private static ReconcileException ioFailure(String what, URI url, IOException e) {
        String reason;
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) {
            reason = "timed out (" + sanitize(e.getMessage(), url) + ")";
        } else if (e instanceof ConnectException) {
            reason = "could not connect";
        } else {
            // a plain IOException's message is the whole story (see read); another type's name adds to it
            reason = e.getClass() == IOException.class && e.getMessage() != null ? sanitize(e.getMessage(), url)
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + sanitize(e.getMessage(), url));
        }
        // The cause's own text may quote a URL with credentials, and loggers print causes.
        return new ReconcileException(what + ": " + reason + "; nothing was installed, will try again", true,
                url.getRawUserInfo() == null ? e : null);
    }

    // Exception texts from the network stack may quote the URL; keep credentials out of them.
    private static String sanitize(String message, URI url) {
        if (message == null) {
            return "";
        }
        String out = message;
        if (url.getRawUserInfo() != null) {
            out = out.replace(url.getRawUserInfo(), "***");
            out = out.replace(url.getUserInfo(), "***");
        }
        return out;
    }
}
