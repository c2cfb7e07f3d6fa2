package dev.shipshape.reconcilers.state;

import dev.shipshape.model.Yaml;
import dev.shipshape.reconcilers.AtomicFiles;
import dev.shipshape.reconcilers.ProjectPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    private final ProjectPaths paths;

    public AdoptionRecordStore(ProjectPaths paths) {
        this.paths = paths;
    }

    private Path file() {
        return paths.stateDir().resolve("adopted.yaml");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Entry> read() {
        Map<String, Entry> out = new LinkedHashMap<>();
        if (!Files.exists(file())) {
            return out;
        }
        try {
            Map<String, Object> tree = Yaml.readTree(file().toString(), Files.readString(file(), StandardCharsets.UTF_8));
            Object containers = tree.getOrDefault("containers", Map.of());
            if (containers instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).forEach((id, v) -> {
                    Map<String, Object> e = (Map<String, Object>) v;
                    out.put(id, new Entry(String.valueOf(e.get("service")), String.valueOf(e.get("configHash")),
                            Instant.parse(String.valueOf(e.get("at")))));
                });
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new dev.shipshape.model.InvalidInputException(file().toString(), null,
                    "the record of adopted containers is damaged (" + e.getMessage() + "); delete it and apply again:"
                            + " matching containers are then compared and adopted afresh");
        }
    }

    public void add(String containerId, Entry entry) {
        Map<String, Entry> all = read();
        all.put(containerId, entry);
        Map<String, Object> containers = new LinkedHashMap<>();
        all.forEach((id, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", e.service());
            m.put("configHash", e.configHash());
            m.put("at", e.at().toString());
            containers.put(id, m);
        });
        try {
            Files.createDirectories(paths.stateDir());
            AtomicFiles.replace(file(), ("# written by shipshape: containers it adopted as they were\n"
                            + Yaml.write(Map.of("containers", containers))).getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"), ".adopted-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }
}
