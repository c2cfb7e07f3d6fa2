package dev.shipshape.model.plan;

/** Remove a container of this project that no service needs (its volumes are never removed). */
public record RemoveContainer(String containerId, String name, String reason) implements Action {
    @Override
    public String kind() {
        return "remove";
    }

    @Override
    public String describe() {
        return "remove container " + name + " (" + reason + ")";
    }
}
