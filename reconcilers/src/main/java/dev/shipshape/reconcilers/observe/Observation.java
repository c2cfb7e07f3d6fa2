package dev.shipshape.reconcilers.observe;

import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.ObservedState;

/** The two inputs of the planner, gathered together. */
public record Observation(DesiredState desired, ObservedState observed) {
}
