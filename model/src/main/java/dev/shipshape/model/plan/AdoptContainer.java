package dev.shipshape.model.plan;

/**
 * Record that a container someone else created (the manual runbook, docker compose) is exactly
 * what the release would create, so it is kept as it is instead of being recreated.
 */
public record AdoptContainer(String service, String containerId, String name, String configHash) implements Action {
    @Override
    public String kind() {
        return "adopt";
    }

    @Override
    public String describe() {
        return "adopt " + service + " (" + name + " matches the release; kept as it is)";
    }

    @Override
    public Reason why() {
        return Reason.ADOPTED;
    }

    @Override
    public String detail() {
        return name + " matches the release";
    }
}
