package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/**
 * @param window   the maintenance window for restarts of running services, or null: any time (see {@link MaintenanceWindow})
 * @param strategy how the changed services go down (see {@link RolloutStrategy}); null: the default
 */
public record Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window,
                      RolloutStrategy strategy) {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(120);
    public static final Rollout DEFAULTS = new Rollout(DEFAULT_HEALTH_TIMEOUT, true, false, null);

    public Rollout {
        if (healthTimeout == null) {
            healthTimeout = DEFAULT_HEALTH_TIMEOUT;
        }
        if (strategy == null) {
            strategy = RolloutStrategy.DEFAULT;
        }
        TimeoutField.check("healthTimeout", healthTimeout, "120s");
    }

    public Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window) {
        this(healthTimeout, autoRollback, allowDowngrade, window, null);
    }

    public Rollout withStrategy(RolloutStrategy strategy) {
        return new Rollout(healthTimeout, autoRollback, allowDowngrade, window, strategy);
    }

    /** Parses and range-checks a healthTimeout as written, or throws a FieldException naming it. */
    public static Duration parseHealthTimeout(String text) {
        return TimeoutField.parse("healthTimeout", text, "120s");
    }

    @JsonCreator
    static Rollout fromYaml(@JsonProperty("healthTimeout") String healthTimeout,
                            @JsonProperty("autoRollback") Boolean autoRollback,
                            @JsonProperty("allowDowngrade") Boolean allowDowngrade,
                            @JsonProperty("window") MaintenanceWindow window,
                            @JsonProperty("strategy") String strategy) {
        Duration timeout = healthTimeout == null ? null : parseHealthTimeout(healthTimeout);
        return new Rollout(timeout,
                autoRollback == null || autoRollback,
                allowDowngrade != null && allowDowngrade,
                window, strategy == null ? null : RolloutStrategy.parse(strategy));
    }
}
