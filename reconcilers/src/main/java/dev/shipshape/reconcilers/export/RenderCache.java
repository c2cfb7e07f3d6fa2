package dev.shipshape.reconcilers.export;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.ProjectContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The last {@link PreparedRelease} of each of a few (project, version) pairs, reused while
 * {@link InputFingerprint} says that nothing it was rendered from changed: a converged control loop
 * then stats a few files per pass instead of reading, rendering, parsing and hashing the release.
 *
 * <p>Failures are never kept: a broken input is reported again every pass and a fix works at once.
 * A result is not kept either while an input changed within {@link #RACY_WINDOW} of reading it: a
 * second same-size edit within the same file-system clock tick would leave its stamp as it was
 * (git's "racy clean" problem). Thread-safe; memory only, and nothing here is ever logged.
 */
public final class RenderCache {
    /** Larger than the timestamp granularity of common file systems (FAT: 2 s) and small clock steps. */
    public static final Duration RACY_WINDOW = Duration.ofSeconds(3);
    /** One project per controller; a pass may render its target and the version it rolls back to. */
    static final int SLOTS = 4;

    private final Clock clock;
    private final Duration racyWindow;
    private final Map<Slot, Entry> entries = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Slot, Entry> eldest) {
            return size() > SLOTS;
        }
    };
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public RenderCache() {
        this(Clock.systemUTC(), RACY_WINDOW);
    }

    /** @param clock the wall clock file times are compared with: never a test's fixed clock in production */
    public RenderCache(Clock clock, Duration racyWindow) {
        this.clock = clock;
        this.racyWindow = racyWindow;
    }

    /**
     * The release {@code render} prepares for {@code project} from {@code packageDir}, or the same
     * result as last time when no input changed since.
     */
    PreparedRelease get(ProjectContext project, Path packageDir, Version version, Supplier<PreparedRelease> render) {
        Instant start = clock.instant();
        // Stamped before rendering: a change while rendering leaves a stamp that differs next pass.
        Optional<InputFingerprint> inputs = InputFingerprint.of(project, packageDir, version);
        Slot slot = new Slot(project.paths().projectDir(), version.toString());
        if (inputs.isPresent()) {
            synchronized (entries) {
                Entry entry = entries.get(slot);
                if (entry != null && entry.inputs().equals(inputs.get())) {
                    hits.incrementAndGet();
                    return entry.prepared();
                }
            }
        }
        misses.incrementAndGet();
        PreparedRelease prepared;
        try {
            prepared = render.get();
        } catch (RuntimeException | Error e) {
            forget(slot);
            throw e;
        }
        long racySince = TimeUnit.SECONDS.toNanos(start.minus(racyWindow).getEpochSecond())
                + start.minus(racyWindow).getNano();
        if (inputs.isPresent() && !inputs.get().changedSince(racySince)) {
            synchronized (entries) {
                entries.put(slot, new Entry(inputs.get(), prepared));
            }
        } else {
            forget(slot);
        }
        return prepared;
    }

    /** Results reused so far. */
    public long hits() {
        return hits.get();
    }

    /** Results rendered so far (nothing to reuse, inputs changed, or not stat-able). */
    public long misses() {
        return misses.get();
    }

    private void forget(Slot slot) {
        synchronized (entries) {
            entries.remove(slot);
        }
    }

    private record Slot(Path projectDir, String version) {
    }

    private record Entry(InputFingerprint inputs, PreparedRelease prepared) {
        /** The parsed compose file holds rendered values, secrets among them. */
        @Override
        public String toString() {
            return "Entry[" + inputs + "]";
        }
    }
}
