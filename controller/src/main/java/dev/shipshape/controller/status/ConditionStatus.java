package dev.shipshape.controller.status;

import com.fasterxml.jackson.annotation.JsonValue;

/** A condition holds or it does not; written "True"/"False" as Kubernetes does. */
public enum ConditionStatus {
    TRUE("True"),
    FALSE("False");

    private final String label;

    ConditionStatus(String label) {
        this.label = label;
    }

    public static ConditionStatus of(boolean holds) {
        return holds ? TRUE : FALSE;
    }

    public boolean holds() {
        return this == TRUE;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
