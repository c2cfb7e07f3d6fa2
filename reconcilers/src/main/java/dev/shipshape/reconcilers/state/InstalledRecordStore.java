package dev.shipshape.reconcilers.state;

import dev.shipshape.model.Version;
import dev.shipshape.model.Yaml;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.reconcilers.AtomicFiles;
import dev.shipshape.reconcilers.ProjectPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code .shipshape/installed.yaml}: the installed version and a short history. */
public final class InstalledRecordStore {
    private final ProjectPaths paths;

    public InstalledRecordStore(ProjectPaths paths) {
        this.paths = paths;
    }

    /** The record, or null before the first install. */
    @SuppressWarnings("unchecked")
    public InstalledRecord read() {
        Path file = paths.installedRecord();
        if (!Files.exists(file)) {
            return null;
        }
        try {
            Map<String, Object> tree = Yaml.readTree(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            List<InstalledRecord.Entry> history = new ArrayList<>();
            Object h = tree.get("history");
            if (h instanceof List<?> list) {
                for (Object o : list) {
                    Map<String, Object> e = (Map<String, Object>) o;
                    history.add(new InstalledRecord.Entry(Version.parse(String.valueOf(e.get("version"))),
                            Instant.parse(String.valueOf(e.get("at")))));
                }
            }
            return new InstalledRecord(Version.parse(String.valueOf(tree.get("version"))),
                    Instant.parse(String.valueOf(tree.get("installedAt"))), history);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new dev.shipshape.model.InvalidInputException(file.toString(), null,
                    "the record of the installed version is damaged (" + e.getMessage() + "); restore it from a backup,"
                            + " or write `version: X` and `installedAt: 2024-01-01T00:00:00Z` with the version that runs");
        }
    }

    public void write(InstalledRecord record) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("version", record.version().toString());
        tree.put("installedAt", record.installedAt().toString());
        List<Map<String, Object>> history = new ArrayList<>();
        for (InstalledRecord.Entry e : record.history()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", e.version().toString());
            m.put("at", e.at().toString());
            history.add(m);
        }
        tree.put("history", history);
        try {
            Files.createDirectories(paths.stateDir());
            AtomicFiles.replace(paths.installedRecord(),
                    ("# written by shipshape: the installed version, used by the downgrade guard\n" + Yaml.write(tree))
                            .getBytes(StandardCharsets.UTF_8),
                    PosixFilePermissions.fromString("rw-r--r--"), ".installed-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + paths.installedRecord() + ": " + e.getMessage(), e);
        }
    }
}
