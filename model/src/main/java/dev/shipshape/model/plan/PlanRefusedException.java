package dev.shipshape.model.plan;

import dev.shipshape.model.ShipshapeException;

/** The desired state cannot be reached safely from the observed one; nothing is changed. */
public class PlanRefusedException extends ShipshapeException {
    public PlanRefusedException(String message) {
        super(message);
    }
}
