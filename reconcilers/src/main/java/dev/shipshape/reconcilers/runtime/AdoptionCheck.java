package dev.shipshape.reconcilers.runtime;

import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.reconcilers.ProjectContext;

import java.util.Optional;

/**
 * Compares a unit someone else created (the manual runbook's docker compose) with what the release
 * would create, so that it is adopted rather than rebuilt. Runtime-specific: each runtime knows what
 * its units are made of.
 */
@FunctionalInterface
public interface AdoptionCheck {
    /** The first difference, named without values (they may be secrets), or empty when the unit is what the release would create. */
    Optional<String> difference(String id, ServiceSpec spec, ProjectContext project);
}
