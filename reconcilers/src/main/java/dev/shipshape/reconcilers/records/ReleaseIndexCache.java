package dev.shipshape.reconcilers.records;

import dev.shipshape.reconcilers.files.ProjectPaths;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code .shipshape/release-index.yaml}: the vendor's index as last read, and when, so it is read at most every
 * {@code spec.updates.check} (also across restarts) and an index that became unreachable still has its last
 * good content. {@code error} is the last failed read, kept beside the good content.
 */
public final class ReleaseIndexCache {
    /**
     * @param location  spec.source.index the content came from (another location invalidates it)
     * @param checkedAt the last attempt to read it
     * @param text      the last good content, or null
     * @param error     why the last attempt failed, or null
     */
    public record Entry(String location, Instant checkedAt, String text, String error) {
    }

    private record Document(String location, String checkedAt, String text, String error) {
        Entry decode() {
            return new Entry(location, Instant.parse(String.valueOf(checkedAt)), text, error);
        }
    }

    private final RecordFile<Document> file;

    ReleaseIndexCache(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve("release-index.yaml"), Document.class,
                "the vendor's release index as last read (spec.source.index)", "the cached release index",
                "delete it: it is read again");
    }

    public Optional<Entry> read() {
        return file.read(Document::decode);
    }

    public void write(Entry e) {
        file.write(new Document(e.location(), e.checkedAt().toString(), e.text(), e.error()));
    }
}
