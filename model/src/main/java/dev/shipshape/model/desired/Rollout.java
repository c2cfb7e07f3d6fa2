package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.GoDuration;

import java.time.Duration;

/** @param window the maintenance window for restarts of running services, or null: any time (see {@link MaintenanceWindow}) */
public record Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window) {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(120);
    public static final Rollout DEFAULTS = new Rollout(DEFAULT_HEALTH_TIMEOUT, true, false, null);

    public Rollout {
        if (healthTimeout == null) {
            healthTimeout = DEFAULT_HEALTH_TIMEOUT;
        }
        checkHealthTimeout(healthTimeout);
    }

    private static void checkHealthTimeout(Duration healthTimeout) {
        if (healthTimeout.isZero() || healthTimeout.isNegative() || healthTimeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new dev.shipshape.model.FieldException("healthTimeout", "healthTimeout must be between 1s and 24h,"
                    + " not " + GoDuration.format(healthTimeout) + "; e.g. 120s");
        }
    }

    /** Parses and range-checks a healthTimeout as written, or throws a FieldException naming it. */
    public static Duration parseHealthTimeout(String text) {
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new dev.shipshape.model.FieldException("healthTimeout", e.getMessage());
        }
        checkHealthTimeout(d);
        return d;
    }

    @JsonCreator
    static Rollout fromYaml(@JsonProperty("healthTimeout") String healthTimeout,
                            @JsonProperty("autoRollback") Boolean autoRollback,
                            @JsonProperty("allowDowngrade") Boolean allowDowngrade,
                            @JsonProperty("window") MaintenanceWindow window) {
        Duration timeout = healthTimeout == null ? null : parseHealthTimeout(healthTimeout);
        return new Rollout(timeout,
                autoRollback == null || autoRollback,
                allowDowngrade != null && allowDowngrade,
                window);
    }
}
