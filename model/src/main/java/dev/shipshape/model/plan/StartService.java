package dev.shipshape.model.plan;

/** Start the existing, up-to-date container of a service that is not running. */
public record StartService(String service, String containerId, String reason) implements Action {
    @Override
    public String kind() {
        return "start";
    }

    @Override
    public String describe() {
        return "start " + service + " (" + reason + ")";
    }

    @Override
    public Reason why() {
        return Reason.STOPPED;
    }

    @Override
    public String detail() {
        return reason;
    }
}
