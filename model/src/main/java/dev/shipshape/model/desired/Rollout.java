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
        if (healthTimeout.isZero() || healthTimeout.isNegative() || healthTimeout.compareTo(Duration.ofHours(24)) > 0) {
            throw new dev.shipshape.model.FieldException("healthTimeout", "healthTimeout must be between 1s and 24h");
        }
    }

    @JsonCreator
    static Rollout fromYaml(@JsonProperty("healthTimeout") String healthTimeout,
                            @JsonProperty("autoRollback") Boolean autoRollback,
                            @JsonProperty("allowDowngrade") Boolean allowDowngrade,
                            @JsonProperty("window") MaintenanceWindow window) {
        Duration timeout;
        try {
            timeout = healthTimeout == null ? null : GoDuration.parse(healthTimeout);
        } catch (IllegalArgumentException e) {
            throw new dev.shipshape.model.FieldException("healthTimeout", e.getMessage());
        }
        return new Rollout(timeout,
                autoRollback == null || autoRollback,
                allowDowngrade != null && allowDowngrade,
                window);
    }
}
