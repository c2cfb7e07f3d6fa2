package dev.shipshape.reconcilers.download;

import dev.shipshape.model.Version;

import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Where a release package comes from and where it is stored while and after it downloads. */
public final class ReleaseUrls {
    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    private ReleaseUrls() {
    }

    /** The file name a package is stored under in {@code downloads/}: the URL's last segment when it is a plain name. */
    public static String zipName(URI url, Version version) {
        String path = url.getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return SAFE_FILE_NAME.matcher(last).matches() ? last : "release-" + version + ".zip";
    }

    /** The partial download next to {@code target}. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
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
        return withSuffix(url, ".sha256");
    }

    /** {@code {url}.sig}, the package's signature, likewise. */
    public static URI signatureUrl(URI url) {
        return withSuffix(url, ".sig");
    }

    private static URI withSuffix(URI url, String suffix) {
        // In a URI's text the first '?' or '#' ends the path; neither can appear raw before it.
        String s = url.toString();
        int end = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return URI.create(s.substring(0, end) + suffix + s.substring(end));
    }
}
