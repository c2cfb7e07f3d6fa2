package dev.shipshape.reconcilers.records;

import dev.shipshape.model.Version;
import dev.shipshape.model.rollout.Approval;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.time.Instant;
import java.util.Optional;

/**
 * {@code .shipshape/approval.yaml}: the last approval {@code shipshape approve} recorded — one target version of
 * one desired file (its generation). Written by the approve command, read by every pass.
 */
public final class ApprovalStore {
    private record Document(String version, String generation, String at) {
        Approval decode() {
            return new Approval(Version.parse(String.valueOf(version)), String.valueOf(generation),
                    Instant.parse(String.valueOf(at)));
        }
    }

    private final RecordFile<Document> file;

    ApprovalStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve("approval.yaml"), Document.class,
                "the last approval (shipshape approve): one version of one desired file", "the last approval",
                "delete it and run shipshape approve again");
    }

    public Optional<Approval> read() {
        return file.read(Document::decode);
    }

    public void write(Approval a) {
        file.write(new Document(a.version().toString(), a.generation(), a.at().toString()));
    }
}
