package dev.shipshape.controller.source;

import dev.shipshape.controller.status.AppliedCommit;
import dev.shipshape.model.desired.DesiredFile;

/**
 * What a {@link DesiredSource} found.
 *
 * @param desired what to reconcile, or null when there is nothing usable (the loop then changes nothing)
 * @param commit  the Git commit {@code desired} came from, or null for a plain file
 * @param problem why the newest desired state is not used, or null; with a non-null {@code desired}
 *                it means an older, good state keeps being reconciled
 */
public record DesiredRead(DesiredFile desired, AppliedCommit commit, Problem problem) {

    /**
     * @param reason     one CamelCase word for the Degraded condition, e.g. {@code InvalidCommit}
     * @param generation sha256 of the refused text, or null when there was none to read
     * @param message    what is wrong and what to do; never holds secrets
     */
    public record Problem(String reason, String generation, String message) {
    }

    public static DesiredRead valid(DesiredFile desired, AppliedCommit commit) {
        return new DesiredRead(desired, commit, null);
    }

    public static DesiredRead refused(Problem problem) {
        return new DesiredRead(null, null, problem);
    }
}
