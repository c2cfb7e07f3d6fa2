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

    /** @param why what made it the target (spec.version, the update policy, an approval), or null when not recorded */
    public record Entry(Version version, Instant at, String why) {
        public Entry(Version version, Instant at) {
            this(version, at, null);
        }
    }

    public InstalledRecord {
        history = List.copyOf(history == null ? List.of() : history);
    }

    /** This record with {@code why} on its newest history entry, when that entry is the installed version. */
    public InstalledRecord explained(String why) {
        if (history.isEmpty() || !history.get(history.size() - 1).version().sameAs(version)) {
            return this;
        }
        List<Entry> h = new ArrayList<>(history);
        Entry last = h.remove(h.size() - 1);
        h.add(new Entry(last.version(), last.at(), why));
        return new InstalledRecord(version, installedAt, h);
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
