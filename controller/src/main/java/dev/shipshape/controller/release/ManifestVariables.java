package dev.shipshape.controller.release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} placeholders in a manifest that the vendor's build fills in (the example's
 * {@code ${REGISTRY}}, see examples/spacetech/build.sh), given as {@code --var NAME=VALUE}. A server
 * never substitutes anything, so what is left unset is reported rather than shipped.
 */
public final class ManifestVariables {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)", Pattern.DOTALL);

    private final Map<String, String> values;

    private ManifestVariables(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static ManifestVariables none() {
        return new ManifestVariables(Map.of());
    }

    /** @param assignments NAME=VALUE each; throws IllegalArgumentException saying the expected form */
    public static ManifestVariables parse(List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String a : assignments) {
            Matcher m = ASSIGNMENT.matcher(a);
            if (!m.matches()) {
                throw new IllegalArgumentException("--var '" + a + "' is not NAME=VALUE (NAME: letters, digits and '_')");
            }
            values.put(m.group(1), m.group(2));
        }
        return new ManifestVariables(values);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@code text} with every set placeholder replaced; unset ones are left for {@link #unset}. */
    String apply(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A problem line for each placeholder left in {@code text}, with its line, for a manifest named {@code file}. */
    static void reportUnset(String text, String file, Problems problems) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = PLACEHOLDER.matcher(lines[i]);
            while (m.find()) {
                problems.add(file + ":" + (i + 1) + ":" + (m.start() + 1), m.group() + " is a placeholder no --var sets, and a"
                        + " server does not fill it in; pass --var " + m.group(1) + "=VALUE to check and build, or write the value");
            }
        }
    }
}
