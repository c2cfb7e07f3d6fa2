package dev.shipshape.model.compose;

/** {@code depends_on} entry: the condition compose waits for before starting the dependent service. */
public record DependsOn(String service, Condition condition) {
    public enum Condition {
        SERVICE_STARTED, SERVICE_HEALTHY, SERVICE_COMPLETED_SUCCESSFULLY
    }
}
