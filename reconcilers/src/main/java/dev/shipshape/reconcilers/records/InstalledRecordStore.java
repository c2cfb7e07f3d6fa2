package dev.shipshape.reconcilers.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shipshape.model.Version;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.time.Instant;
import java.util.List;

/** Reads and writes {@code .shipshape/installed.yaml}: the installed version and a short history. */
public final class InstalledRecordStore {
    /** The file as written: versions and instants as text, so the file reads the same to people and tools. */
    private record Document(String version, String installedAt, List<Entry> history) {
        static Document of(InstalledRecord r) {
            return new Document(r.version().toString(), r.installedAt().toString(),
                    r.history().stream().map(e -> new Entry(e.version().toString(), e.at().toString(), e.why())).toList());
        }

        InstalledRecord decode() {
            return new InstalledRecord(Version.parse(String.valueOf(version)), Instant.parse(String.valueOf(installedAt)),
                    history == null ? List.of() : history.stream().map(Entry::decode).toList());
        }
    }

    /** {@code why} (issue 18: what made it the target) is left out when unknown, as in records written before it. */
    private record Entry(String version, String at, @JsonInclude(JsonInclude.Include.NON_NULL) String why) {
        InstalledRecord.Entry decode() {
            return new InstalledRecord.Entry(Version.parse(String.valueOf(version)), Instant.parse(String.valueOf(at)), why);
        }
    }

    private final RecordFile<Document> file;

    InstalledRecordStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.installedRecord(), Document.class,
                "the installed version, used by the downgrade guard", "the installed version",
                "restore it from a backup, or write `version: X` and `installedAt: 2024-01-01T00:00:00Z` with the version that runs");
    }

    /** The record, or null before the first install. */
    public InstalledRecord read() {
        return file.read(Document::decode).orElse(null);
    }

    public void write(InstalledRecord record) {
        file.write(Document.of(record));
    }
}
