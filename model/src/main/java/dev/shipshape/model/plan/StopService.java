package dev.shipshape.model.plan;

/** Stop a running container because the desired state is stopped. */
public record StopService(String service, String containerId) implements Action {
    @Override
    public String kind() {
        return "stop";
    }

    @Override
    public String describe() {
        return "stop " + service + " (state: stopped)";
    }

    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public Reason why() {
        return Reason.STATE_STOPPED;
    }

    @Override
    public String detail() {
        return "state: stopped";
    }
}
