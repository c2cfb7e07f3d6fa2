package dev.shipshape.reconcilers.records;

import dev.shipshape.reconcilers.files.ProjectPaths;

import java.util.List;
import java.util.TreeSet;

/**
 * {@code .shipshape/kept-volumes.yaml}: named volumes of services the release no longer has. Their
 * containers are removed, the data never is; status lists them so the operator decides.
 */
public final class KeptVolumesStore {
    /** The file as written: {@code volumes: [NAME, ...]}, sorted. */
    private record Document(List<String> volumes) {
        List<String> decode() {
            return volumes == null ? List.of() : volumes.stream().map(String::valueOf).toList();
        }
    }

    private final RecordFile<Document> file;

    KeptVolumesStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve("kept-volumes.yaml"), Document.class,
                "volumes of removed services, kept; remove them by hand (docker volume rm NAME) once their data is not needed",
                "kept volumes", "fix it or delete it: it only lists the volumes status shows; the volumes themselves"
                        + " stay (`docker volume ls`)");
    }

    public List<String> read() {
        return file.read(Document::decode).orElse(List.of());
    }

    public void add(List<String> volumes) {
        if (volumes.isEmpty()) {
            return;
        }
        TreeSet<String> all = new TreeSet<>(read());
        all.addAll(volumes);
        file.write(new Document(List.copyOf(all)));
    }
}
