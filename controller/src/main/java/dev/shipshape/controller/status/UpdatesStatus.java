package dev.shipshape.controller.status;

import dev.shipshape.model.Version;

import java.time.Instant;

/**
 * What {@code spec.updates} found, as status shows it.
 *
 * @param policy     patch, minor or major
 * @param mode       notify, approve or auto
 * @param target     the effective target: spec.version or the release the policy took
 * @param why        where the target came from: spec.version, update policy, approval
 * @param available  the newest release the policy allows above spec.version, or null
 * @param pending    a release that waits (to be set in spec.version, or approved), or null
 * @param reason     one sentence saying the above
 * @param checkedAt  when the index was last read (or tried), or null
 * @param indexError why the last read of the index failed, or null; healing goes on meanwhile
 */
public record UpdatesStatus(String policy, String mode, Version target, String why, Version available, Version pending,
                            String reason, Instant checkedAt, String indexError) {
}
