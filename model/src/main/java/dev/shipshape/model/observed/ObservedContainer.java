package dev.shipshape.model.observed;

/**
 * A container that carries this project's compose label.
 *
 * @param service    the compose service label, or null when it has none
 * @param configHash shipshape's config-hash label, or null when shipshape did not create it
 * @param version    shipshape's version label, or null
 * @param managed    whether shipshape created it (the dev.shipshape.managed label)
 */
public record ObservedContainer(String id, String name, String service, String image, String imageId,
                                String configHash, String version, ContainerState state, Health health,
                                boolean managed) {

    public boolean running() {
        return state == ContainerState.RUNNING;
    }

    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
