package dev.shipshape.model.desired;

import dev.shipshape.model.release.ReleaseManifest;

import java.util.List;

/**
 * The desired state as far as it can be known without changing anything: the spec, and once the
 * target package is in the store, its manifest and (once its secrets exist) its rendered export.
 *
 * @param manifest       the target release's manifest, or null while its package is not in the store
 * @param missingSecrets secret keys of the manifest not yet generated; while any is missing, rendered is null
 * @param rendered       the in-memory export of the target, or null (see above)
 */
public record DesiredState(String project, ServerSpec spec, ReleaseManifest manifest,
                           List<String> missingSecrets, RenderedRelease rendered) {
    public DesiredState {
        missingSecrets = List.copyOf(missingSecrets == null ? List.of() : missingSecrets);
    }

    public static DesiredState packageMissing(String project, ServerSpec spec) {
        return new DesiredState(project, spec, null, List.of(), null);
    }
}
