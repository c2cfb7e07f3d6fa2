package dev.shipshape.model.observed;

import java.util.Locale;

/** Docker's container states. */
public enum ContainerState {
    CREATED, RUNNING, RESTARTING, PAUSED, EXITED, DEAD, REMOVING, UNKNOWN;

    public static ContainerState parse(String dockerState) {
        if (dockerState == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(dockerState.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
