package dev.shipshape.controller.status;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three conditions a project reports, named as Kubernetes controllers name theirs so GitOps users read them at a glance. */
public enum ConditionType {
    READY("Ready"),
    PROGRESSING("Progressing"),
    DEGRADED("Degraded");

    private final String label;

    ConditionType(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
