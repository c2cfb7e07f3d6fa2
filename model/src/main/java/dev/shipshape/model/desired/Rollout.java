package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.FieldException;

import java.time.Duration;
import java.util.Locale;

/**
 * @param window            the maintenance window for restarts of running services, or null: any time (see {@link MaintenanceWindow})
 * @param approvalRequired  whether a change that restarts running services waits for {@code shipshape approve}
 * @param strategy          how the changed services go down (see {@link RolloutStrategy}); null: the default
 * @param snapshot          whether the named volumes a version change touches are snapshotted first (docs/snapshots.md)
 * @param consistency       how a snapshot is kept consistent: the services using the volumes stopped, or paused
 * @param restoreOnRollback whether a rollback restores the snapshot its rollout took ({@code auto}) or keeps the data as it is ({@code never})
 * @param snapshotRetention how many complete snapshots are kept; older ones are pruned after each new one
 */
public record Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window,
                      boolean approvalRequired, RolloutStrategy strategy,
                      Snapshot snapshot, Consistency consistency, boolean restoreOnRollback, int snapshotRetention) {
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(120);
    /** Chosen from bench/RESULTS.md (snapshot section): see docs/upgrades.md. */
    public static final Snapshot DEFAULT_SNAPSHOT = Snapshot.VOLUMES;
    public static final int DEFAULT_RETENTION = 3;
    public static final int MAX_RETENTION = 100;
    public static final Rollout DEFAULTS = new Rollout(DEFAULT_HEALTH_TIMEOUT, true, false, null);

    /** {@code rollout.snapshot}: none, or the named volumes of what a version change touches. */
    public enum Snapshot {
        NONE, VOLUMES;

        static Snapshot parse(String text) {
            return parseEnum(Snapshot.class, "snapshot", text, "none or volumes");
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code rollout.consistency}: the services using the volumes are stopped (in their outage) or paused while they are read. */
    public enum Consistency {
        STOPPED, PAUSE;

        /** consistency as written (any case): stopped or pause; else a FieldException saying which. */
        public static Consistency parse(String text) {
            return parseEnum(Consistency.class, "consistency", text, "stopped or pause");
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Rollout {
        if (healthTimeout == null) {
            healthTimeout = DEFAULT_HEALTH_TIMEOUT;
        }
        if (strategy == null) {
            strategy = RolloutStrategy.DEFAULT;
        }
        TimeoutField.check("healthTimeout", healthTimeout, "120s");
        snapshot = snapshot == null ? DEFAULT_SNAPSHOT : snapshot;
        consistency = consistency == null ? Consistency.STOPPED : consistency;
        checkRetention(snapshotRetention);
    }

    /** The defaults for everything but the health timeout, the rollback switches and the window. */
    public Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window) {
        this(healthTimeout, autoRollback, allowDowngrade, window, (RolloutStrategy) null);
    }

    public Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window,
                   RolloutStrategy strategy) {
        this(healthTimeout, autoRollback, allowDowngrade, window, false, strategy, null, null, true, DEFAULT_RETENTION);
    }

    public Rollout(Duration healthTimeout, boolean autoRollback, boolean allowDowngrade, MaintenanceWindow window,
                   Snapshot snapshot, Consistency consistency, boolean restoreOnRollback, int snapshotRetention) {
        this(healthTimeout, autoRollback, allowDowngrade, window, false, null, snapshot, consistency, restoreOnRollback,
                snapshotRetention);
    }

    /** spec.rollout.approval as written: none (the default) or required. */
    public static boolean parseApproval(String text) {
        return switch (text) {
            case "none" -> false;
            case "required" -> true;
            default -> throw new FieldException("approval", "'" + text + "' is not an approval setting;"
                    + " use none (changes roll out on their own) or required (they wait for shipshape approve)");
        };
    }

    public Rollout withStrategy(RolloutStrategy newStrategy) {
        return new Rollout(healthTimeout, autoRollback, allowDowngrade, window, approvalRequired, newStrategy, snapshot,
                consistency, restoreOnRollback, snapshotRetention);
    }

    /** Parses and range-checks a healthTimeout as written, or throws a FieldException naming it. */
    public static Duration parseHealthTimeout(String text) {
        return TimeoutField.parse("healthTimeout", text, "120s");
    }

    /** restoreOnRollback as written: auto or never. */
    static boolean parseRestore(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> true;
            case "never" -> false;
            default -> throw new FieldException("restoreOnRollback", "restoreOnRollback must be auto or never, not '"
                    + text + "'; auto restores the snapshot a failed rollout took, never keeps the data as the failed version left it");
        };
    }

    static void checkRetention(int n) {
        if (n < 1 || n > MAX_RETENTION) {
            throw new FieldException("snapshotRetention", "snapshotRetention must be between 1 and " + MAX_RETENTION
                    + ", not " + n + "; it is how many complete snapshots are kept (default " + DEFAULT_RETENTION + ")");
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String field, String text, String allowed) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FieldException(field, field + " must be " + allowed + ", not '" + text + "'");
        }
    }

    @JsonCreator
    static Rollout fromYaml(@JsonProperty("healthTimeout") String healthTimeout,
                            @JsonProperty("autoRollback") Boolean autoRollback,
                            @JsonProperty("allowDowngrade") Boolean allowDowngrade,
                            @JsonProperty("window") MaintenanceWindow window,
                            @JsonProperty("approval") String approval,
                            @JsonProperty("strategy") String strategy,
                            @JsonProperty("snapshot") String snapshot,
                            @JsonProperty("consistency") String consistency,
                            @JsonProperty("restoreOnRollback") String restoreOnRollback,
                            @JsonProperty("snapshotRetention") Integer snapshotRetention) {
        Duration timeout = healthTimeout == null ? null : parseHealthTimeout(healthTimeout);
        return new Rollout(timeout,
                autoRollback == null || autoRollback,
                allowDowngrade != null && allowDowngrade,
                window, approval != null && parseApproval(approval),
                strategy == null ? null : RolloutStrategy.parse(strategy),
                snapshot == null ? null : Snapshot.parse(snapshot),
                consistency == null ? null : Consistency.parse(consistency),
                restoreOnRollback == null || parseRestore(restoreOnRollback),
                snapshotRetention == null ? DEFAULT_RETENTION : snapshotRetention);
    }
}
