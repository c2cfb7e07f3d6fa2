package dev.shipshape.model.swarm;

import dev.shipshape.model.ShipshapeException;

import java.util.List;

/**
 * The release can't run on this swarm as it is: each reason says what to change (a folder bind, a stateful service
 * without a placement on a swarm of several nodes…). Raised before anything changes.
 */
public final class SwarmRefusedException extends ShipshapeException {
    private final List<String> reasons;

    public SwarmRefusedException(List<String> reasons) {
        super("the release can't run on this swarm: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
