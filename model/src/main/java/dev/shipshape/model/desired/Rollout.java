package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;

/**
 * @param window   the maintenance window for restarts of running services, or null: any time (see {@link MaintenanceWindow})
 * @param approvalRequired whether a change that restarts running services waits for {@code shipshape approve}
 * @param strategy how the changed services go down (see {@link RolloutStrategy}); null: the default
 */
public record Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window,
                      boolean approvalRequired, RolloutStrategy strategy) {
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
        this(healthTimeout, autoRollback, allowDowngrade, window, false, null);
    }

    public Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window,
                   boolean approvalRequired) {
        this(healthTimeout, autoRollback, allowDowngrade, window, approvalRequired, null);
    }

    public Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window,
                   RolloutStrategy strategy) {
        this(healthTimeout, autoRollback, allowDowngrade, window, false, strategy);
    }

    /** spec.rollout.approval as written: none (the default) or required. */
    public static boolean parseApproval(String text) {
        return switch (text) {
            case "none" -> false;
            case "required" -> true;
            default -> throw new dev.shipshape.model.FieldException("approval", "'" + text + "' is not an approval setting;"
                    + " use none (changes roll out on their own) or required (they wait for shipshape approve)");
        };
    }

    public Rollout withStrategy(RolloutStrategy strategy) {
        return new Rollout(healthTimeout, autoRollback, allowDowngrade, window, approvalRequired, strategy);
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
                            @JsonProperty("approval") String approval,
                            @JsonProperty("strategy") String strategy) {
        Duration timeout = healthTimeout == null ? null : parseHealthTimeout(healthTimeout);
        return new Rollout(timeout,
                autoRollback == null || autoRollback,
                allowDowngrade != null && allowDowngrade,
                window, approval != null && parseApproval(approval),
                strategy == null ? null : RolloutStrategy.parse(strategy));
    }
}
