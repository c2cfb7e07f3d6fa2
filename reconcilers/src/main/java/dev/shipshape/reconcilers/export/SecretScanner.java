package dev.shipshape.reconcilers.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells whether a rendered file holds a secret value, so such a file is written readable by its
 * owner only. Deliberately holds the values privately and prints none of them.
 */
public final class SecretScanner {
    /**
     * Shorter strings are skipped: they would match ordinary text ("yes", a port) and make every
     * file private, which breaks containers that read their config as a non-root user.
     */
    static final int MIN_LENGTH = 4;

    private final List<byte[]> values;

    private SecretScanner(List<byte[]> values) {
        this.values = values;
    }

    /** Every string value of the secrets tree (generated-secret.yaml and user-secret). */
    public static SecretScanner of(Map<String, Object> secrets) {
        List<byte[]> values = new ArrayList<>();
        collect(secrets, values);
        return new SecretScanner(values);
    }

    private static void collect(Object node, List<byte[]> out) {
        if (node instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        } else if (node != null) {
            String s = node.toString();
            if (s.length() >= MIN_LENGTH) {
                out.add(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /** Whether {@code content} holds one of the secret values. */
    public boolean foundIn(byte[] content) {
        for (byte[] v : values) {
            if (indexOf(content, v) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every secret value replaced by ***, for messages that quote rendered content. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (byte[] v : values) {
            out = out.replace(new String(v, java.nio.charset.StandardCharsets.UTF_8), "***");
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "SecretScanner[" + values.size() + " values, not shown]";
    }
}
