package dev.shipshape.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written the way compose and Go write them: 500ms, 10s, 2m, 1h30m. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|us|ns|h|m|s)");

    private GoDuration() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required, e.g. 30s, 2m or 1h30m");
        }
        String t = text.trim();
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int pos = 0;
        try {
            while (m.find() && m.start() == pos) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "ms" -> Duration.ofMillis(n);
                    case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000));
                    default -> Duration.ofNanos(n);
                });
                pos = m.end();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        if (pos != t.length() || pos == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 30s, 2m or 1h30m");
        }
        return total;
    }

    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }
}
