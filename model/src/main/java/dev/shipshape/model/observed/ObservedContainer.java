package dev.shipshape.model.observed;

/**
 * A container that carries this project's compose label.
 *
 * @param service    the compose service label, or null when it has none
 * @param configHash shipshape's config-hash label, or null when shipshape did not create it
 * @param version    shipshape's version label, or null
 * @param managed    whether shipshape created it (the dev.shipshape.managed label)
 * @param adoption   for a container shipshape did not create: whether it matches what the release
 *                   would create (then {@code configHash} is the desired hash), and whether that is recorded
 * @param difference for a container shipshape did not create that does not match: the first difference found
 * @param uptime     how long it has been up, in Docker's words ({@code 3 minutes}, {@code about an hour}), or
 *                   null when it is not running or the runtime does not say
 */
public record ObservedContainer(String id, String name, String service, String image, String imageId,
                                String configHash, String version, ContainerState state, Health health,
                                boolean managed, Adoption adoption, String difference, String uptime) {

    /** How a container created by someone else (the manual runbook, docker compose) relates to the release. */
    public enum Adoption {
        /** created by shipshape, or not compared */
        NONE,
        /** equal to what the release would create; to be recorded as adopted */
        MATCHES,
        /** adopted earlier: recorded in the project folder */
        RECORDED
    }

    public ObservedContainer(String id, String name, String service, String image, String imageId,
                             String configHash, String version, ContainerState state, Health health, boolean managed) {
        this(id, name, service, image, imageId, configHash, version, state, health, managed, Adoption.NONE, null, null);
    }

    public ObservedContainer(String id, String name, String service, String image, String imageId,
                             String configHash, String version, ContainerState state, Health health,
                             boolean managed, Adoption adoption, String difference) {
        this(id, name, service, image, imageId, configHash, version, state, health, managed, adoption, difference, null);
    }

    /** The same container, with how long it has been up (see {@link #uptimeFromStatusText}). */
    public ObservedContainer withUptime(String uptime) {
        return new ObservedContainer(id, name, service, image, imageId, configHash, version, state, health, managed,
                adoption, difference, uptime);
    }

    /**
     * How long a container has been up, from the status text of a container listing ("Up 3 minutes
     * (healthy)" -> "3 minutes"); null for any other state ("Exited (0) 2 hours ago", "Restarting …").
     */
    public static String uptimeFromStatusText(String status) {
        if (status == null || !status.startsWith("Up ")) {
            return null;
        }
        String up = status.substring(3).replaceFirst("\\s*\\(.*$", "").strip();
        if (up.isEmpty()) {
            return null;
        }
        return Character.toLowerCase(up.charAt(0)) + up.substring(1);
    }

    public ObservedContainer adopted(Adoption how, String hash) {
        return new ObservedContainer(id, name, service, image, imageId, hash, version, state, health, managed, how, null,
                uptime);
    }

    public ObservedContainer differing(String why) {
        return new ObservedContainer(id, name, service, image, imageId, configHash, version, state, health, managed,
                Adoption.NONE, why, uptime);
    }

    public boolean isAdopted() {
        return adoption != Adoption.NONE;
    }

    public boolean running() {
        return state == ContainerState.RUNNING;
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
