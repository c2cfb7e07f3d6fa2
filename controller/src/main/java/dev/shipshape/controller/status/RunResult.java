package dev.shipshape.controller.status;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How one reconciliation ended; also the {@code result} label of the reconciliation metrics, so the set is closed. */
public enum RunResult {
    /** Nothing needed doing. */
    CONVERGED("Converged"),
    /** Actions were taken. */
    CHANGED("Changed"),
    /** An action or the planning failed. */
    FAILED("Failed"),
    /** The desired file could not be read; nothing was attempted. */
    INVALID("Invalid"),
    /** spec.suspend is set: observed and reported only. */
    SUSPENDED("Suspended");

    private final String label;

    RunResult(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The Prometheus label value: lower case, as label values conventionally are. */
    public String metricLabel() {
        return label.toLowerCase(Locale.ROOT);
    }
}
