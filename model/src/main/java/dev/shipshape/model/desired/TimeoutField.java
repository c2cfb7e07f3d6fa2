package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.GoDuration;

import java.time.Duration;

/**
 * The desired file's timeouts (healthTimeout, source.timeout, images.pullTimeout) share one rule:
 * written as a Go duration, more than zero and at most a day; anything longer is a typo, not a plan.
 */
final class TimeoutField {
    private static final Duration MAX = Duration.ofHours(24);

    private TimeoutField() {
    }

    static Duration parse(String field, String text, String example) {
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new FieldException(field, e.getMessage());
        }
        check(field, d, example);
        return d;
    }

    static void check(String field, Duration d, String example) {
        if (d.isZero() || d.isNegative() || d.compareTo(MAX) > 0) {
            throw new FieldException(field, field + " must be between 1s and 24h, not " + GoDuration.format(d) + "; e.g. " + example);
        }
    }
}
