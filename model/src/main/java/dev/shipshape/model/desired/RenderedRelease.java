package dev.shipshape.model.desired;

import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.config.ConfigHash;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the export of the target release renders to, computed in memory. It carries digests, not
 * the rendered bytes, so secrets never reach the planner or a plan.
 *
 * <p>The hashes are computed once, here: a running controller keeps the same rendering while its
 * inputs do not change, and every pass compares each service with them (at N = 100, hashing them
 * every pass was a third of a converged pass's CPU time).
 *
 * @param fileDigests  sha256 of every rendered or copied file, by path relative to the export folder
 * @param configHashes {@link ConfigHash#of} of every service of {@code compose}, by service name
 * @param exportHash   {@link ConfigHash#ofFiles} of {@code fileDigests}
 */
public record RenderedRelease(ComposeProject compose, Map<String, String> fileDigests,
                              Map<String, String> configHashes, String exportHash) {
    public RenderedRelease {
        fileDigests = Map.copyOf(fileDigests);
        configHashes = Map.copyOf(configHashes);
    }

    public RenderedRelease(ComposeProject compose, Map<String, String> fileDigests) {
        this(compose, fileDigests, configHashes(compose, fileDigests), ConfigHash.ofFiles(fileDigests));
    }

    /** The config hash of one of {@link #compose()}'s services. */
    public String configHash(ServiceSpec service) {
        String hash = configHashes.get(service.name());
        if (hash == null) {
            throw new IllegalArgumentException("service " + service.name() + " is not part of this release");
        }
        return hash;
    }

    private static Map<String, String> configHashes(ComposeProject compose, Map<String, String> fileDigests) {
        Map<String, String> hashes = new LinkedHashMap<>();
        compose.services().forEach((name, spec) -> hashes.put(name, ConfigHash.of(spec, fileDigests)));
        return hashes;
    }
}
