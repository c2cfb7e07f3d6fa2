package dev.shipshape.controller.status;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One condition of a project.
 *
 * @param reason             one CamelCase word a script can match on (e.g. {@code ReconcileFailed})
 * @param message            for people; never holds configuration values
 * @param lastTransitionTime when {@code status} last flipped, not when the condition was last written
 */
public record Condition(ConditionType type, ConditionStatus status, String reason, String message,
                        Instant lastTransitionTime) {
    private static final Pattern CAMEL_CASE_WORD = Pattern.compile("[A-Z][A-Za-z0-9]*");

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
        if (reason == null || !CAMEL_CASE_WORD.matcher(reason).matches()) {
            throw new IllegalArgumentException("a condition reason is one CamelCase word, not '" + reason + "'");
        }
        message = message == null ? "" : message;
    }

    public boolean holds() {
        return status.holds();
    }

    /**
     * This condition moved to a new status, reason and message at {@code now}; the transition time
     * moves only if the status flipped, so "since" in status output means what people expect.
     */
    public Condition update(ConditionStatus newStatus, String newReason, String newMessage, Instant now) {
        Instant since = newStatus == status ? lastTransitionTime : now;
        return new Condition(type, newStatus, newReason, newMessage, since);
    }
}
