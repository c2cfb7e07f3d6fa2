package dev.shipshape.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version, ordered the way semantic versioning orders them: numeric parts compared
 * as numbers (1.10.0 &gt; 1.9.0), a pre-release (1.1.0-rc.1) before its release, build
 * metadata (+build) ignored for ordering.
 */
@JsonDeserialize(using = Version.Reader.class)
public record Version(List<Integer> numbers, List<String> preRelease, String text) implements Comparable<Version> {
    private static final Pattern FORMAT =
            Pattern.compile("v?(\\d+(?:\\.\\d+){0,3})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    public Version {
        numbers = List.copyOf(numbers);
        preRelease = List.copyOf(preRelease);
    }

    public static Version parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a version is required, e.g. 1.2.3");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version; write it like 1.2.3 or 1.2.3-rc.1");
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            try {
                numbers.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has a version number too large: " + part);
            }
        }
        while (numbers.size() < 3) {
            numbers.add(0);
        }
        List<String> pre = m.group(2) == null ? List.of() : List.of(m.group(2).split("\\."));
        return new Version(numbers, pre, text.trim());
    }

    @Override
    public int compareTo(Version o) {
        int n = Math.max(numbers.size(), o.numbers.size());
        for (int i = 0; i < n; i++) {
            int a = i < numbers.size() ? numbers.get(i) : 0;
            int b = i < o.numbers.size() ? o.numbers.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        // A release sorts after its pre-releases.
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            int c = comparePreReleasePart(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int comparePreReleasePart(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) {
            return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        }
        if (an != bn) {
            return an ? -1 : 1; // numeric identifiers sort before alphanumeric ones
        }
        return a.compareTo(b);
    }

    public boolean isOlderThan(Version other) {
        return compareTo(other) < 0;
    }

    /** Equal for ordering purposes: 1.0 and 1.0.0 are the same version. */
    public boolean sameAs(Version other) {
        return compareTo(other) == 0;
    }

    /**
     * Reads a version from YAML as written: an unquoted {@code version: 1.10} is a number to YAML, and
     * reading it as a number would turn it into 1.1, so the scalar's own text is used.
     */
    static final class Reader extends JsonDeserializer<Version> {
        @Override
        public Version deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                try {
                    return parse(p.getText());
                } catch (IllegalArgumentException e) {
                    throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(p, e.getMessage(), p.getText(), Version.class);
                }
            }
            return (Version) ctx.handleUnexpectedToken(Version.class, p);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        List<Integer> trimmed = new ArrayList<>(numbers);
        while (!trimmed.isEmpty() && trimmed.get(trimmed.size() - 1) == 0) {
            trimmed.remove(trimmed.size() - 1);
        }
        // equals() compares numeric identifiers as numbers (rc.01 == rc.1), so hash them as numbers too.
        List<Object> pre = new ArrayList<>();
        for (String p : preRelease) {
            pre.add(p.chars().allMatch(Character::isDigit) ? new java.math.BigInteger(p) : p);
        }
        return 31 * trimmed.hashCode() + pre.hashCode();
    }
}
