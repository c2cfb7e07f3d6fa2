package dev.shipshape.controller.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the run history.
 *
 * @param actions what was done, as {@code "kind target"} (e.g. {@code "recreate web"}); see {@link ActionLabel}
 * @param error   the secret-free reason of a failure, or null
 */
public record RunRecord(Instant startedAt, long durationMillis, RunResult result, List<String> actions, String error) {
    public RunRecord {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(result, "result");
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
