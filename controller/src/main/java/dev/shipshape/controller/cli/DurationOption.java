package dev.shipshape.controller.cli;

import dev.shipshape.model.GoDuration;
import dev.shipshape.model.ShipshapeException;

import java.time.Duration;

/** The value of an option that takes a duration such as {@code 60s} or {@code 5m}. */
final class DurationOption {
    private DurationOption() {
    }

    /** {@code text} as a duration; a refusal names {@code option}. */
    static Duration parse(String option, String text) {
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ShipshapeException(option + ": " + e.getMessage());
        }
    }
}
