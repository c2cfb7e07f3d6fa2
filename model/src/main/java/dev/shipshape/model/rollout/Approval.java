package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;

import java.time.Instant;

/**
 * An approval recorded by {@code shipshape approve}: it lets exactly one target roll out — {@code version} as
 * planned from the desired file of {@code generation}. A changed desired file or another version needs a new one.
 */
public record Approval(Version version, String generation, Instant at) {
    /** Whether this approval covers reaching {@code target} from the desired file of {@code generation}. */
    public boolean covers(Version target, String generation) {
        return version.sameAs(target) && this.generation.equals(generation);
    }
}
