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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code .shipshape/kept-volumes.yaml}: named volumes of services the release no longer has. Their
 * containers are removed, the data never is; status lists them so the operator decides.
 */
public final class KeptVolumesStore {
    private final ProjectPaths paths;

    public KeptVolumesStore(ProjectPaths paths) {
        this.paths = paths;
    }

    private Path file() {
        return paths.stateDir().resolve("kept-volumes.yaml");
    }

    public List<String> read() {
        if (!Files.exists(file())) {
            return List.of();
        }
        try {
            Object volumes = Yaml.readTree(file().toString(), Files.readString(file(), StandardCharsets.UTF_8)).get("volumes");
            List<String> out = new ArrayList<>();
            if (volumes instanceof List<?> l) {
                l.forEach(v -> out.add(String.valueOf(v)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void add(List<String> volumes) {
        if (volumes.isEmpty()) {
            return;
        }
        TreeSet<String> all = new TreeSet<>(read());
        all.addAll(volumes);
        try {
            Files.createDirectories(paths.stateDir());
            AtomicFiles.replace(file(), ("# written by shipshape: volumes of removed services, kept; remove them by hand"
                            + " (docker volume rm NAME) once their data is not needed\n"
                            + Yaml.write(Map.of("volumes", List.copyOf(all)))).getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"), ".kept-volumes-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }
}
