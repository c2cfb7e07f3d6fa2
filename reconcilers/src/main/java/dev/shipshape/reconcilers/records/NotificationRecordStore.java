package dev.shipshape.reconcilers.records;

import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .shipshape/notifications.yaml}: the server events sent to {@code spec.notify}'s targets, with where each
 * was delivered, and each target's last delivery. Its keys make an event go out once even across restarts of the
 * controller; a delivery still pending when the controller stopped is sent by the next one. Holds only what the
 * notifications themselves say (already free of secrets), never a header or a password.
 */
public final class NotificationRecordStore {
    /** The newest events kept: enough for any key to be remembered long after it stops being published. */
    public static final int MAX_EVENTS = 200;

    /**
     * One event and its delivery to each target that wanted it.
     *
     * @param deliveries target name -> {@code pending}, {@code sent} or {@code failed} (retries exhausted)
     */
    public record Sent(ServerEvent event, Map<String, String> deliveries) {
        public Sent {
            deliveries = Map.copyOf(deliveries);
        }
    }

    /** A target's last delivery: {@code sent} or {@code failed}, when, and why it failed (null when sent). */
    public record TargetResult(String target, String result, Instant at, String error) {
    }

    /** The whole record: events oldest first, targets by name. */
    public record Notifications(List<Sent> events, List<TargetResult> targets) {
        public static final Notifications EMPTY = new Notifications(List.of(), List.of());

        public Notifications {
            events = List.copyOf(events.size() > MAX_EVENTS ? events.subList(events.size() - MAX_EVENTS, events.size()) : events);
            targets = List.copyOf(targets);
        }
    }

    private record EventDoc(String key, String kind, String project, String at, String from, String to, String service,
                            String summary, Map<String, String> details, Map<String, String> deliveries) {
        static EventDoc of(Sent s) {
            ServerEvent e = s.event();
            return new EventDoc(e.key(), e.kind().wireName(), e.project(), e.at().toString(), e.from(), e.to(), e.service(),
                    e.summary(), e.details().isEmpty() ? null : new LinkedHashMap<>(e.details()), new LinkedHashMap<>(s.deliveries()));
        }

        Sent decode() {
            ServerEvent e = new ServerEvent(String.valueOf(key), EventKind.fromWireName(String.valueOf(kind)),
                    String.valueOf(project), Instant.parse(String.valueOf(at)), from, to, service, String.valueOf(summary),
                    details == null ? Map.of() : details);
            return new Sent(e, deliveries == null ? Map.of() : deliveries);
        }
    }

    private record TargetDoc(String result, String at, String error) {
    }

    private record Document(List<EventDoc> events, Map<String, TargetDoc> targets) {
        Notifications decode() {
            List<Sent> sent = new ArrayList<>();
            if (events != null) {
                events.forEach(e -> sent.add(e.decode()));
            }
            List<TargetResult> results = new ArrayList<>();
            if (targets != null) {
                targets.forEach((name, t) -> results.add(new TargetResult(name, String.valueOf(t.result()),
                        Instant.parse(String.valueOf(t.at())), t.error())));
            }
            return new Notifications(sent, results);
        }

        static Document of(Notifications n) {
            Map<String, TargetDoc> targets = new LinkedHashMap<>();
            n.targets().forEach(t -> targets.put(t.target(), new TargetDoc(t.result(), t.at().toString(), t.error())));
            return new Document(n.events().stream().map(EventDoc::of).toList(), targets);
        }
    }

    private final RecordFile<Document> file;

    NotificationRecordStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve("notifications.yaml"), Document.class,
                "the events sent to spec.notify, so each is sent once", "sent notifications",
                "delete it: events are then sent again when they next happen, and pending deliveries are dropped");
    }

    public Notifications read() {
        return file.read(Document::decode).orElse(Notifications.EMPTY);
    }

    public void write(Notifications notifications) {
        file.write(Document.of(notifications));
    }
}
