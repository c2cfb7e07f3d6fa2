package dev.shipshape.reconcilers.records;

import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code .shipshape/notices-shown.yaml}: the release notices {@code apply} has printed, by version, so
 * that a notice is printed once rather than on every converged apply (where it would soon go unread).
 * Status and plan keep showing every notice.
 */
public final class ShownNoticesStore {
    /** The file as written: {@code shown: {VERSION: [NOTICE, ...]}}. */
    private record Document(Map<String, List<String>> shown) {
        Map<String, List<String>> decode() {
            Map<String, List<String>> out = new TreeMap<>();
            if (shown != null) {
                shown.forEach((v, list) -> out.put(String.valueOf(v), list == null ? List.of()
                        : list.stream().map(String::valueOf).toList()));
            }
            return out;
        }
    }

    private final RecordFile<Document> file;

    ShownNoticesStore(ProjectPaths paths) {
        this.file = new RecordFile<>(paths.stateDir().resolve("notices-shown.yaml"), Document.class,
                "the release notices apply has printed, so each is printed once", "shown notices",
                "delete it: apply then prints every notice of the installed release once more");
    }

    /** The notices of {@code version} among {@code notices} that apply has not printed yet, in their order. */
    public List<String> unseen(Version version, List<String> notices) {
        List<String> seen = file.read(Document::decode).orElse(Map.of()).getOrDefault(version.toString(), List.of());
        return notices.stream().filter(n -> !seen.contains(n)).toList();
    }

    /** Remembers {@code notices} of {@code version} as printed. */
    public void shown(Version version, List<String> notices) {
        Map<String, List<String>> all = new TreeMap<>(file.read(Document::decode).orElse(Map.of()));
        Set<String> merged = new LinkedHashSet<>(all.getOrDefault(version.toString(), List.of()));
        if (!merged.addAll(notices)) {
            return;
        }
        all.put(version.toString(), new ArrayList<>(merged));
        file.write(new Document(all));
    }
}
