package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/** @param window the maintenance window for restarts of running services, or null: any time (see {@link MaintenanceWindow}) */
public record Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window) {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(120);
    public static final Rollout DEFAULTS = new Rollout(DEFAULT_HEALTH_TIMEOUT, true, false, null);

    public Rollout {
        if (healthTimeout == null) {
            healthTimeout = DEFAULT_HEALTH_TIMEOUT;
        }
        TimeoutField.check("healthTimeout", healthTimeout, "120s");
    }

    /** Parses and range-checks a healthTimeout as written, or throws a FieldException naming it. */
    public static Duration parseHealthTimeout(String text) {
        return TimeoutField.parse("healthTimeout", text, "120s");
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
