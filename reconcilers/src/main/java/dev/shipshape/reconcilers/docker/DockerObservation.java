package dev.shipshape.reconcilers.docker;

import dev.shipshape.model.observed.ObservedContainer;

import java.util.List;
import java.util.Map;

/** What the Docker engine says about one project: its containers and the images known locally. */
public record DockerObservation(List<ObservedContainer> containers, Map<String, String> localImages) {
}
