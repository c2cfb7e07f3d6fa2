package dev.shipshape.reconcilers.runtime;

import dev.shipshape.model.observed.ObservedContainer;

import java.util.List;
import java.util.Map;

/** What the runtime says about one project: its containers, and the images known locally (reference -> image id). */
public record RuntimeObservation(List<ObservedContainer> containers, Map<String, String> localImages) {
    public RuntimeObservation {
        containers = List.copyOf(containers);
        localImages = Map.copyOf(localImages);
    }
}
