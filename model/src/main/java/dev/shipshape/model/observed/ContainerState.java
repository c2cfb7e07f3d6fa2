package dev.shipshape.model.observed;

/** Docker's container states. */
public enum ContainerState {
    CREATED, RUNNING, RESTARTING, PAUSED, EXITED, DEAD, REMOVING, UNKNOWN;

    public static ContainerState parse(String dockerState) {
        return DockerWords.parse(ContainerState.class, dockerState, UNKNOWN);
    }

    @Override
    public String toString() {
        return DockerWords.of(this);
    }
}
