package dev.shipshape.controller.status;

import java.time.Instant;

/**
 * The Git commit whose desired file the controller reconciles, when it follows a branch.
 *
 * @param id      the full commit id
 * @param time    the committer time
 * @param subject the first line of the commit message
 * @param branch  the branch followed
 * @param path    the desired file's path inside the repository
 */
public record AppliedCommit(String id, Instant time, String subject, String branch, String path) {
    /** The first 12 hex digits, enough to tell commits apart in messages. */
    public String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
