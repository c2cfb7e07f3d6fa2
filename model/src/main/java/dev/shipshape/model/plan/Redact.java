package dev.shipshape.model.plan;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Keeps credentials written into URLs out of plans and logs, and text from outside (a container's health
 * output, a commit's subject) from steering the terminal that shows it.
 */
public final class Redact {
    public static final String MASK = "***";
    /**
     * ANSI escape sequences: CSI ({@code ESC [ ... final}), OSC ({@code ESC ] ... BEL or ESC \}) and the
     * two-character ones. Removed whole: dropping only the ESC would leave "[31m" noise behind.
     */
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[@-Z\\\\-_]|\u009B[0-?]*[ -/]*[@-~]");

    private Redact() {
    }

    /**
     * {@code url} as it may be shown: user and password ({@code user:secret@}) become {@value #MASK}, and so does
     * every value of the query string, where pre-signed URLs carry their tokens ({@code X-Amz-Signature=...}); the
     * parameter names stay, so a reader still sees which kind of URL it is.
     */
    public static String url(URI url) {
        String s = url.toString();
        if (url.getRawUserInfo() != null) {
            s = s.replace(url.getRawUserInfo() + "@", MASK + "@");
        }
        String query = url.getRawQuery();
        if (query != null) {
            s = s.replace("?" + query, "?" + maskQuery(query));
        }
        return s;
    }

    private static String maskQuery(String query) {
        StringBuilder sb = new StringBuilder();
        for (String param : query.split("&", -1)) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            int eq = param.indexOf('=');
            // A bare token without a name is masked whole.
            sb.append(eq < 0 ? (param.isEmpty() ? "" : MASK) : param.substring(0, eq + 1) + MASK);
        }
        return sb.toString();
    }

    /**
     * {@code text} on one line without control characters: ANSI escape sequences are removed, line breaks and tabs
     * become spaces, other control and bidirectional-override characters are dropped. For text shipshape does not
     * write itself, so that a container or a committer cannot recolour, move or hide what {@code shipshape status}
     * prints. Null stays null.
     */
    public static String controls(String text) {
        if (text == null) {
            return null;
        }
        String s = ANSI.matcher(text).replaceAll("");
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n' || c == '\r' || c == '\t') {
                sb.append(' ');
            } else if (!Character.isISOControl(c) && !isBidiControl(c)) {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    private static boolean isBidiControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F;
    }
}
