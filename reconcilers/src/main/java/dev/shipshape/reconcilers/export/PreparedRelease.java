package dev.shipshape.reconcilers.export;

import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.release.ReleaseManifest;

import java.util.List;

/**
 * A stored release as far as it can be rendered now. Holds digests and key names only, never
 * secret values, so it is safe to log and to hand to the planner.
 *
 * @param missingSecrets keys of secrets not generated yet; while any is missing, {@code rendered} is null
 */
public record PreparedRelease(ReleaseManifest manifest, List<String> missingSecrets, RenderedRelease rendered) {
    public PreparedRelease {
        missingSecrets = List.copyOf(missingSecrets);
    }
}
