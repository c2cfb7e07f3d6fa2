package dev.shipshape.reconcilers.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shipshape.model.rollout.FailedRollout;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code .shipshape/rollout.yaml}: the last failed rollout. While the desired file is the one that
 * failed (same generation), the failed version is not tried again; any change of the file clears it.
 */
public final class RolloutRecordStore {
    /** The file as written; restoredVersion and service are written as null when there is none. */
    private record Document(String generation, String failedVersion, String restoredVersion, String service,
                            String reason, String at,
                            // left out without a snapshot: the file reads as it always did
                            @JsonInclude(JsonInclude.Include.NON_NULL) String snapshot,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String discardedSince) {
        static Document of(FailedRollout r) {
            return new Document(r.generation(), r.failedVersion().toString(),
                    r.restoredVersion() == null ? null : r.restoredVersion().toString(), r.service(), r.reason(),
                    r.at().toString(), r.snapshot(), r.discardedSince() == null ? null : r.discardedSince().toString());
        }

        FailedRollout decode() {
            return new FailedRollout(String.valueOf(generation), Version.parse(String.valueOf(failedVersion)),
                    restoredVersion == null ? null : Version.parse(restoredVersion), service,
                    String.valueOf(reason), Instant.parse(String.valueOf(at)), snapshot,
                    discardedSince == null ? null : Instant.parse(discardedSince));
        }
    }

    private final RecordFile<Document> file;

    RolloutRecordStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve("rollout.yaml"), Document.class,
                "a failed rollout, not retried until the desired file changes", "the last failed rollout",
                "delete it to try again");
    }

    public Optional<FailedRollout> read() {
        return file.read(Document::decode);
    }

    public void write(FailedRollout r) {
        file.write(Document.of(r));
    }
}
