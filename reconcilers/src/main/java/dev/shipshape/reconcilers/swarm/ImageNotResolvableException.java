package dev.shipshape.reconcilers.swarm;

import dev.shipshape.model.ShipshapeException;

/** An image of the release its registry doesn't have (or won't show): found before anything changes. */
public final class ImageNotResolvableException extends ShipshapeException {
    public ImageNotResolvableException(String image, String why) {
        super("image " + image + " can't be resolved to a digest by the swarm manager (" + why + "); nothing was changed."
                + " Check that the release's registry has it and that the swarm's nodes can reach that registry");
    }
}
