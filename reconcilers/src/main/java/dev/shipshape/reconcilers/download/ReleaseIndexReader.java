package dev.shipshape.reconcilers.download;

import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.ReconcileException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads a vendor's release index ({@code spec.source.index}) as text, through the same opener as the packages
 * (http(s) with connect, request and idle time-outs, no redirect that carries credentials; file:// or a plain
 * path, relative to the desired file's folder), bounded in size and in time. Parsing is the model's
 * ({@link dev.shipshape.model.release.ReleaseIndex}).
 */
public final class ReleaseIndexReader {
    /** An index is a list of versions: anything this large is not one. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** An index is small: a server that takes longer is down for our purpose, and the pass it delays waits meanwhile. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final ReleaseOpener opener;
    private final Duration timeout;

    public ReleaseIndexReader() {
        this(DEFAULT_TIMEOUT);
    }

    /** @param timeout the longest the whole read may take (connect, headers and body) */
    public ReleaseIndexReader(Duration timeout) {
        this.opener = new ReleaseOpener(HttpOpener.lazy(ReleaseFetcher.CONNECT_TIMEOUT.compareTo(timeout) < 0
                ? ReleaseFetcher.CONNECT_TIMEOUT : timeout, timeout, timeout));
        this.timeout = timeout;
    }

    /**
     * The index's text.
     *
     * @param index   spec.source.index as a URI (a plain path has no scheme)
     * @param baseDir the desired file's folder, against which a relative path is resolved
     * @throws ReconcileException saying what failed and what to check; transient when trying later may help
     */
    public String read(URI index, Path baseDir) {
        URI url = ReleaseUrls.resolve(index, baseDir);
        String where = Redact.url(url);
        Deadline deadline = Deadline.after(timeout);
        try (ReleaseBody body = opener.open(url, deadline, () -> new ReconcileException("the release index " + where
                + " was not found; check spec.source.index", true))) {
            if (body.total() > MAX_BYTES) {
                throw tooLarge(where);
            }
            byte[] bytes = readAtMost(body.stream(), where);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ReconcileException("the release index " + where + " is not UTF-8 text; ask the vendor for a JSON or"
                    + " YAML index", false, e);
        } catch (IOException e) {
            throw new ReconcileException("cannot read the release index " + where + ": " + UrlCredentials.hide(
                    String.valueOf(e.getMessage()), url) + "; check spec.source.index and that the server answers", true, e);
        }
    }

    private static byte[] readAtMost(InputStream in, String where) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(where);
        }
        return bytes;
    }

    private static ReconcileException tooLarge(String where) {
        return new ReconcileException("the release index " + where + " is larger than " + MAX_BYTES / (1024 * 1024)
                + " MiB; that is not an index: check spec.source.index", false);
    }
}
