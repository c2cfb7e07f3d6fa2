package dev.shipshape.reconcilers.records;

import dev.shipshape.model.rollout.HistoryEntry;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code .shipshape/history.yaml}: every finished rollout, oldest first, the last {@link #LIMIT} kept. Appended
 * by the rollout guard where a rollout ends (succeeded, rolled back, failed); read by {@code shipshape history}.
 */
public final class HistoryStore {
    public static final int LIMIT = 200;

    private record Item(String from, String to, String started, String finished, String trigger, String result,
                        List<String> services, String reason, String service) {
        static Item of(HistoryEntry e) {
            return new Item(e.from(), e.to(), e.started() == null ? null : e.started().toString(), e.finished().toString(),
                    e.trigger(), e.result().words(), e.services(), e.reason(), e.service());
        }

        HistoryEntry decode() {
            return new HistoryEntry(from, String.valueOf(to), started == null ? null : Instant.parse(started),
                    Instant.parse(String.valueOf(finished)), trigger,
                    HistoryEntry.Result.valueOf(String.valueOf(result).toUpperCase(Locale.ROOT).replace('-', '_')),
                    services, reason, service);
        }
    }

    private record Document(List<Item> rollouts) {
    }

    private final RecordFile<Document> file;
    private final int limit;

    HistoryStore(ProjectPaths paths) {
        this(paths, LIMIT);
    }

    /** @param limit how many entries are kept (tests use a few) */
    HistoryStore(ProjectPaths paths, int limit) {
        this.limit = limit;
        this.file = new RecordFile<>(paths.stateDir().resolve("history.yaml"), Document.class,
                "every finished rollout, oldest first (shipshape history)", "the rollout history",
                "move it aside: a new history is started");
    }

    /** Every entry, oldest first. */
    public List<HistoryEntry> read() {
        return file.read(d -> d.rollouts() == null ? List.<HistoryEntry>of()
                : d.rollouts().stream().map(Item::decode).toList()).orElse(List.of());
    }

    /** Appends {@code entry}, dropping the oldest beyond {@link #LIMIT}. */
    public synchronized void append(HistoryEntry entry) {
        List<HistoryEntry> all = new ArrayList<>(read());
        all.add(entry);
        while (all.size() > limit) {
            all.remove(0);
        }
        file.write(new Document(all.stream().map(Item::of).toList()));
    }
}
