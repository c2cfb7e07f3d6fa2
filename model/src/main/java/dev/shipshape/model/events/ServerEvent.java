package dev.shipshape.model.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened to a server, as every notification target receives it.
 *
 * @param key     what makes two events "the same" for deduplication across controller restarts:
 *                e.g. {@code rolled-back:1.0.0->1.1.0:<generation>}; an event whose key was sent
 *                before is not sent again
 * @param project the project (metadata.name)
 * @param from    the version before, or null
 * @param to      the version aimed at, or null
 * @param service the service concerned (the failing one on a rollback), or null
 * @param summary one human sentence, already free of secrets
 * @param details further facts (health output, reason, plan summary…), already free of secrets
 */
public record ServerEvent(String key, EventKind kind, String project, Instant at, String from, String to,
                          String service, String summary, Map<String, String> details) {
    public ServerEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(summary, "summary");
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
