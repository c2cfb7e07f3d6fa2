package dev.shipshape.model.events;

/** What happened to a server that someone may want to be told about (issue 18's list, in its order). */
public enum EventKind {
    UPGRADE_STARTED("upgrade-started"),
    UPGRADE_SUCCEEDED("upgrade-succeeded"),
    ROLLED_BACK("rolled-back"),
    ROLLOUT_FAILED("rollout-failed"),
    DEGRADED("degraded"),
    RECOVERED("recovered"),
    UPDATE_AVAILABLE("update-available"),
    APPROVAL_NEEDED("approval-needed"),
    /** Sent only by {@code shipshape notify test}. */
    TEST("test");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the desired file ({@code spec.notify[].on}) and in every notification body. */
    public String wireName() {
        return wireName;
    }

    public static EventKind fromWireName(String name) {
        for (EventKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
