package dev.shipshape.reconcilers.records;

import dev.shipshape.reconcilers.files.ProjectPaths;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code .shipshape/adopted.yaml}: containers someone else created that shipshape adopted, by
 * container id, with the configuration hash they matched. A container recreated by hand gets a
 * new id, so it is compared afresh.
 */
public final class AdoptionRecordStore {
    public record Entry(String service, String configHash, Instant at) {
    }

    /** The file as written: {@code containers: {ID: {service, configHash, at}}}, in adoption order. */
    private record Document(Map<String, Adopted> containers) {
        static Document of(Map<String, Entry> entries) {
            Map<String, Adopted> containers = new LinkedHashMap<>();
            entries.forEach((id, e) -> containers.put(id, new Adopted(e.service(), e.configHash(), e.at().toString())));
            return new Document(containers);
        }

        Map<String, Entry> decode() {
            Map<String, Entry> out = new LinkedHashMap<>();
            if (containers != null) {
                containers.forEach((id, a) -> out.put(id, new Entry(String.valueOf(a.service()),
                        String.valueOf(a.configHash()), Instant.parse(String.valueOf(a.at())))));
            }
            return out;
        }
    }

    private record Adopted(String service, String configHash, String at) {
    }

    private final RecordFile<Document> file;

    AdoptionRecordStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve("adopted.yaml"), Document.class,
                "containers it adopted as they were", "adopted containers",
                "delete it and apply again: matching containers are then compared and adopted afresh");
    }

    /** The adopted containers by id, in the order they were adopted; empty when none was. */
    public Map<String, Entry> read() {
        return file.read(Document::decode).orElseGet(LinkedHashMap::new);
    }

    public void add(String containerId, Entry entry) {
        Map<String, Entry> all = read();
        all.put(containerId, entry);
        file.write(Document.of(all));
    }
}
