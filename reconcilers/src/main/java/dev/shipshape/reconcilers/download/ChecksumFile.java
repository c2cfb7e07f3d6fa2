package dev.shipshape.reconcilers.download;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <zip>.sha256} file published next to a release: the format {@code sha256sum} writes,
 * one line of 64 hex digits, optionally followed by whitespace and the file name.
 */
public final class ChecksumFile {
    /** Far more than one line of sha256sum output; anything larger is not a checksum file. */
    public static final int MAX_BYTES = 4096;

    private static final Pattern LINE = Pattern.compile("([0-9A-Fa-f]{64})(?:[ \\t]+\\*?[^\\r\\n]+)?");

    private ChecksumFile() {
    }

    /**
     * Returns the lower-case hex digest in {@code text}.
     *
     * @param source where the text came from (already redacted), for the error message
     * @throws IllegalArgumentException naming {@code source} when the text is not a checksum file
     */
    public static String parse(String text, String source) {
        String trimmed = text.strip();
        Matcher m = LINE.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException(source + " is not a sha256 checksum file: expected 64 hex digits, "
                    + "optionally followed by a space and the file name, on a single line; it starts with '"
                    + excerpt(trimmed) + "'. Publish the output of 'sha256sum <zip>' there, "
                    + "or pin the checksum with spec.source.checksum: sha256:<64 hex digits>");
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    // A short, printable excerpt: enough to recognise an HTML error page, without flooding the log.
    private static String excerpt(String text) {
        String head = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        StringBuilder sb = new StringBuilder();
        head.codePoints().forEach(c -> sb.append(Character.isISOControl(c) ? "?" : Character.toString(c)));
        return sb.toString();
    }
}
