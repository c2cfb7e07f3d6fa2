package dev.shipshape.model.observed;

import dev.shipshape.model.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What is installed, recorded durably in the project folder so the downgrade guard holds even
 * when every container is gone.
 */
public record InstalledRecord(Version version, Instant installedAt, List<Entry> history) {
    public static final int HISTORY_LIMIT = 10;

    public record Entry(Version version, Instant at) {
    }

    public InstalledRecord {
        history = List.copyOf(history == null ? List.of() : history);
    }

    /** A new record for {@code next}, keeping a short history with the newest entry last. */
    public static InstalledRecord next(InstalledRecord previous, Version next, Instant at) {
        List<Entry> h = new ArrayList<>(previous == null ? List.of() : previous.history());
        h.add(new Entry(next, at));
        while (h.size() > HISTORY_LIMIT) {
            h.remove(0);
        }
        return new InstalledRecord(next, at, h);
    }
}
