package dev.shipshape.model.desired;

import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.config.ConfigHash;

import java.util.Map;

/**
 * What the export of the target release renders to, computed in memory. It carries digests, not
 * the rendered bytes, so secrets never reach the planner or a plan.
 *
 * @param fileDigests sha256 of every rendered or copied file, by path relative to the export folder
 */
public record RenderedRelease(ComposeProject compose, Map<String, String> fileDigests) {
    public RenderedRelease {
        fileDigests = Map.copyOf(fileDigests);
    }

    public String exportHash() {
        return ConfigHash.ofFiles(fileDigests);
    }
}
