package dev.shipshape.model.plan;

/**
 * Remove a container of this project that no service needs (its volumes are never removed).
 *
 * @param serviceRemoved the release no longer has the container's service (its volumes are then listed as kept)
 */
public record RemoveContainer(String containerId, String name, String reason, boolean serviceRemoved) implements Action {
    public RemoveContainer(String containerId, String name, String reason) {
        this(containerId, name, reason, false);
    }

    @Override
    public String kind() {
        return "remove";
    }

    @Override
    public String describe() {
        return "remove container " + name + " (" + reason + ")";
    }

    @Override
    public Reason why() {
        return serviceRemoved ? Reason.SERVICE_REMOVED : Reason.LEFTOVER;
    }

    @Override
    public String detail() {
        return name + ": " + reason;
    }
}
