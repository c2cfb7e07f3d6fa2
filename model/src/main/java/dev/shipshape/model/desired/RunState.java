package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The runbook's up and down. */
public enum RunState {
    @JsonProperty("running") RUNNING,
    @JsonProperty("stopped") STOPPED;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
