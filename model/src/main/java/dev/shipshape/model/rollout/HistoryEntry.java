package dev.shipshape.model.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One finished rollout, for {@code shipshape history}.
 *
 * @param from      the version before, or null (a first install)
 * @param to        the version rolled out
 * @param started   when the first pass towards {@code to} acted (as far as this controller saw), or null
 * @param finished  when it ended
 * @param trigger   what started it: the desired file (spec.version), a commit, the update policy, an approval
 * @param result    how it ended
 * @param services  the services it restarted, when known
 * @param reason    why it failed or was rolled back, or null
 * @param service   the service that failed, or null
 */
public record HistoryEntry(String from, String to, Instant started, Instant finished, String trigger, Result result,
                           List<String> services, String reason, String service) {
    public enum Result {
        SUCCEEDED("succeeded"), ROLLED_BACK("rolled-back"), FAILED("failed");

        private final String words;

        Result(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public HistoryEntry {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** How long it took, or null when its start is unknown. */
    public Duration duration() {
        return started == null ? null : Duration.between(started, finished);
    }
}
