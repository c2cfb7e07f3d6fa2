package dev.shipshape.model.plan;

/** Start the existing, up-to-date container of a service that is not running. */
public record StartService(String service, String containerId, String reason) implements Action {
    private static final String RECHECK = "its health check has not passed yet";

    /**
     * A start of a container that runs but whose health a rollout never confirmed (it was interrupted:
     * controller killed, engine gone): starting it is a no-op, the point is the health gate after it.
     */
    public static StartService healthRecheck(String service, String containerId, String health) {
        return new StartService(service, containerId, RECHECK + " (" + health
                + "): the rollout was interrupted before it was confirmed");
    }

    /** Whether this only re-confirms health (see {@link #healthRecheck}): the service did not die, so it is no heal. */
    public boolean isHealthRecheck() {
        return reason.startsWith(RECHECK);
    }

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
