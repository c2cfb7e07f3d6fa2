package dev.shipshape.model.observed;

/** A container's health as Docker reports it; NONE when the container has no health check. */
public enum Health {
    NONE, STARTING, HEALTHY, UNHEALTHY;

    /** Reads the health from the status text of a container listing, e.g. "Up 3 minutes (healthy)". */
    public static Health fromStatusText(String status) {
        if (status == null) {
            return NONE;
        }
        if (status.contains("(healthy)")) {
            return HEALTHY;
        }
        if (status.contains("(unhealthy)")) {
            return UNHEALTHY;
        }
        if (status.contains("(health: starting)")) {
            return STARTING;
        }
        return NONE;
    }

    public static Health parse(String dockerHealth) {
        return DockerWords.parse(Health.class, dockerHealth, NONE);
    }

    @Override
    public String toString() {
        return DockerWords.of(this);
    }
}
