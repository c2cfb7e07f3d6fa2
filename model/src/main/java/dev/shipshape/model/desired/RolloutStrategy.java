package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code spec.rollout.strategy}: how the services a rollout changes are taken down. {@code window}
 * creates every replacement while the old version serves, then takes all changed services down in
 * one window (dependency layer by layer) and gates them together, rolling the whole window back if
 * any fails: the server as a whole is down about as long as one parallel restart. {@code one-at-a-time}
 * replaces one service after another, each down only for its own stop and start: the shortest gap
 * per service, for servers whose services do not need each other.
 */
public enum RolloutStrategy {
    @JsonProperty("window") WINDOW,
    @JsonProperty("one-at-a-time") ONE_AT_A_TIME;

    /** Chosen from bench/RESULTS.md (issue 17): see docs/upgrades.md. */
    public static final RolloutStrategy DEFAULT = WINDOW;

    public static RolloutStrategy parse(String text) {
        for (RolloutStrategy s : values()) {
            if (s.toString().equals(text)) {
                return s;
            }
        }
        throw new dev.shipshape.model.FieldException("", "'" + text + "' is not a rollout strategy; use window (all changed"
                + " services down once, together) or one-at-a-time (one service after another)");
    }

    @Override
    public String toString() {
        return this == WINDOW ? "window" : "one-at-a-time";
    }
}
