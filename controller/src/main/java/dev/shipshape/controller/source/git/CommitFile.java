package dev.shipshape.controller.source.git;

import dev.shipshape.controller.status.AppliedCommit;

/**
 * The desired file as committed: its text, or why it cannot be read at that commit.
 *
 * @param text    null when {@code problem} says why
 * @param problem null when {@code text} was read
 */
record CommitFile(AppliedCommit commit, String text, String problem) {
}
