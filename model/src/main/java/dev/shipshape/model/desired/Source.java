package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.Version;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where release packages come from: a URL template with {version}, an optional checksum pin and an
 * optional Ed25519 key the packages' signatures ({@code {url}.sig}) are checked with.
 * The URL is http(s)://, file://, or a plain path for air-gapped hosts (absolute, or relative to
 * the desired file's folder). A plain path stays a scheme-less URI here; the fetcher resolves it,
 * so this record stays pure.
 *
 * @param timeout the longest a whole download of one package (checksum file included) may take; a
 *                source that trickles bytes slowly enough never trips the idle timeout, so only this
 *                bounds it. Default {@link #DEFAULT_TIMEOUT}.
 * @param publicKey the vendor's Ed25519 public key as written (see {@link ReleaseKey}); null: packages are not signed
 * @param insecure  true allows an {@code http://} source with neither a checksum pin nor a key: whoever
 *                  sits on the path to it then chooses what runs, so it must be said explicitly; it also
 *                  silences doctor's warning about an unpinned, unsigned https:// source
 * @param index     where the vendor's release index is (http(s)://, file:// or a path relative to the desired
 *                  file), or null: no release discovery (see {@code spec.updates})
 */
public record Source(String url, String checksum, Duration timeout, String publicKey, boolean insecure, String index) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
    private static final Pattern CHECKSUM = Pattern.compile("sha256:[0-9a-f]{64}");
    // RFC 3986 scheme; at least two letters so that a Windows drive letter is never taken for one.
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");
    private static final String EXAMPLES = "https://releases.example.com/server-linux-x64-{version}.zip, "
            + "file:///srv/releases/server-linux-x64-{version}.zip or /srv/releases/server-linux-x64-{version}.zip";

    public Source {
        url = checkUrl(url);
        checksum = checkChecksum(checksum);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        TimeoutField.check("timeout", timeout, "30m");
        publicKey = ReleaseKey.check(publicKey);
        checkTransport(url, checksum, publicKey, insecure);
        index = checkIndex(index);
        checkIndexTransport(index, publicKey, insecure);
    }

    public Source(String url, String checksum, Duration timeout, String publicKey, boolean insecure) {
        this(url, checksum, timeout, publicKey, insecure, null);
    }

    public Source(String url, String checksum, Duration timeout) {
        this(url, checksum, timeout, null, false);
    }

    public Source(String url, String checksum) {
        this(url, checksum, null);
    }

    @JsonCreator
    static Source fromYaml(@JsonProperty(value = "url", required = true) String url,
                           @JsonProperty("checksum") String checksum,
                           @JsonProperty("timeout") String timeout,
                           @JsonProperty("publicKey") String publicKey,
                           @JsonProperty("insecure") Boolean insecure,
                           @JsonProperty("index") String index) {
        return new Source(url, checksum, timeout == null ? null : parseTimeout(timeout), publicKey,
                Boolean.TRUE.equals(insecure), index);
    }

    /**
     * The index location as it will be used (stripped; null stays null), or a FieldException naming {@code index}:
     * http(s)://, file:// or a plain path (relative to the desired file's folder), as for the url.
     */
    public static String checkIndex(String index) {
        if (index == null) {
            return null;
        }
        if (index.isBlank()) {
            throw new dev.shipshape.model.FieldException("index", "index is empty; write where the vendor's release index is,"
                    + " e.g. https://releases.example.com/index.yaml, or leave index out");
        }
        index = index.strip();
        String scheme = scheme(index);
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new dev.shipshape.model.FieldException("index", "index must be an http://, https:// or file:// URL, or a plain"
                    + " path (absolute, or relative to this file), not '" + index + "'; e.g. https://releases.example.com/index.yaml");
        }
        if (index.indexOf('\0') >= 0 || index.contains("{version}")) {
            throw new dev.shipshape.model.FieldException("index", "index names one file (no {version}, no NUL character),"
                    + " e.g. https://releases.example.com/index.yaml");
        }
        try {
            indexUri(index);
        } catch (URISyntaxException e) {
            throw new dev.shipshape.model.FieldException("index", "'" + index + "' is not a valid URL: " + e.getReason()
                    + "; percent-encode or remove the offending character");
        }
        return index;
    }

    /**
     * A plain {@code http://} index lets anyone on the path announce a release, so it needs what makes its
     * packages trustworthy anyway: a public key (a checksum pin names one package, not the next ones), or insecure.
     */
    public static void checkIndexTransport(String index, String publicKey, boolean insecure) {
        if (index != null && "http".equals(scheme(index)) && publicKey == null && !insecure) {
            throw new dev.shipshape.model.FieldException("index", "an http:// index without source.publicKey lets anyone on"
                    + " the network path announce the release that is installed next; use https://, or add source.publicKey"
                    + " (packages signed at {url}.sig), or write source.insecure: true to accept the risk");
        }
    }

    /** The index's URI; a plain path is a URI without scheme (resolved against the desired file's folder by the reader). */
    public URI indexUri() {
        try {
            return index == null ? null : indexUri(index);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static URI indexUri(String index) throws URISyntaxException {
        return scheme(index) == null ? new URI(null, null, index, null) : new URI(index);
    }

    /**
     * Refuses a plain {@code http://} url with neither a checksum pin nor a public key unless {@code insecure}:
     * its {@code .sha256} would come over the same unauthenticated path as the zip, so anyone on that path would
     * choose what runs as root. Throws a {@link dev.shipshape.model.FieldException} naming {@code url}.
     */
    public static void checkTransport(String url, String checksum, String publicKey, boolean insecure) {
        if ("http".equals(scheme(url)) && checksum == null && publicKey == null && !insecure) {
            throw new dev.shipshape.model.FieldException("url", "an http:// source without a checksum pin or a public key "
                    + "lets anyone on the network path choose the package that runs; use https://, or add "
                    + "source.publicKey (the vendor's Ed25519 key, packages signed at {url}.sig) or source.checksum, or "
                    + "write source.insecure: true to accept the risk");
        }
    }

    /** True when the packages must carry a signature ({@code {url}.sig}) made with {@link #publicKey()}. */
    public boolean signed() {
        return publicKey != null;
    }

    /** True when nothing but the source itself vouches for its packages: no pin and no key. */
    public boolean unverified() {
        return checksum == null && publicKey == null;
    }

    /** The public key as written, or a {@link dev.shipshape.model.FieldException} naming it; null stays null. */
    public static String checkPublicKey(String publicKey) {
        return ReleaseKey.check(publicKey);
    }

    /** Parses and range-checks a source timeout as written, or throws a FieldException naming it. */
    public static Duration parseTimeout(String text) {
        return TimeoutField.parse("timeout", text, "30m");
    }

    /** The url as it will be used (stripped), or a {@link dev.shipshape.model.FieldException} naming {@code url}. */
    public static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new dev.shipshape.model.FieldException("url", "url is required, e.g. " + EXAMPLES);
        }
        url = url.strip();
        String scheme = scheme(url);
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new dev.shipshape.model.FieldException("url", "url must be an http://, https:// or file:// URL, or a plain "
                    + "path to a folder of release zips (absolute, or relative to this file), not '" + url + "'; e.g. " + EXAMPLES);
        }
        if (scheme == null && url.indexOf('\0') >= 0) {
            throw new dev.shipshape.model.FieldException("url", "url may not contain a NUL character");
        }
        try {
            toUri(url, Version.parse("0.0.0"));
        } catch (URISyntaxException | IllegalArgumentException e) {
            String reason = e instanceof URISyntaxException u ? u.getReason() : e.getMessage();
            throw new dev.shipshape.model.FieldException("url", "'" + url + "' is not a valid URL: " + reason
                    + "; percent-encode or remove the offending character");
        }
        return url;
    }

    /** The checksum normalised to lower case (null stays null), or a {@link dev.shipshape.model.FieldException}. */
    public static String checkChecksum(String checksum) {
        if (checksum == null) {
            return null;
        }
        checksum = checksum.trim().toLowerCase(Locale.ROOT);
        if (!CHECKSUM.matcher(checksum).matches()) {
            throw new dev.shipshape.model.FieldException("checksum", "checksum must be 'sha256:' followed by 64 hex digits;"
                    + " copy it from the package's .sha256 file, or leave checksum out to have that file fetched and checked");
        }
        return checksum;
    }

    /**
     * The URL of the package of {@code version}. For a plain path this is a URI without scheme
     * whose path is the (possibly relative) file path; see {@link #isPlainPath()}.
     */
    public URI urlFor(Version version) {
        try {
            return toUri(url, version);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** True when the url is a plain file path rather than a URL. */
    public boolean isPlainPath() {
        return scheme(url) == null;
    }

    /** The pinned hex digest, or null when the {@code .sha256} file next to the package is to be used. */
    public String pinnedSha256() {
        return checksum == null ? null : checksum.substring("sha256:".length());
    }

    private static URI toUri(String url, Version version) throws URISyntaxException {
        String s = url.replace("{version}", version.toString());
        if (scheme(s) == null) {
            // A path may hold characters a URL may not (spaces, '#'): this constructor quotes them.
            return new URI(null, null, s, null);
        }
        return new URI(s);
    }

    private static String scheme(String url) {
        Matcher m = SCHEME.matcher(url);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }
}
