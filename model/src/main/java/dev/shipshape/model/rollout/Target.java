package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredState;

import java.util.List;

/**
 * The version one reconciliation works towards.
 *
 * @param path     the releases after {@code version} on the way to spec.version, hop by hop (empty: none)
 * @param rollback set while the desired file is the one whose rollout failed
 */
public record Target(Version version, List<Version> path, DesiredState.Rollback rollback) {
    public Target {
        path = List.copyOf(path);
    }
}
