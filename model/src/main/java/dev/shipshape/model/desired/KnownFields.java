package dev.shipshape.model.desired;

import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the keys of a mapping against the fields it may have: unknown ones, misspelt ones, missing ones. */
final class KnownFields {
    private final ProblemList problems;

    KnownFields(ProblemList problems) {
        this.problems = problems;
    }

    /**
     * The entries of {@code m} by key, leaving out those whose value is null (an optional field written
     * {@code key:} or {@code key: null} means its default). Reports unknown keys (with the known field they
     * probably misspell) and missing required ones; an unknown key that is a misspelling of a missing required
     * field is reported once, at the unknown key.
     *
     * @param required the required fields, each with what to write to add it
     */
    Map<String, Entry> of(MapNode m, String path, List<String> known, Map<String, String> required) {
        Map<String, Entry> present = new LinkedHashMap<>();
        List<Entry> unknown = new ArrayList<>();
        for (Entry e : m.entries()) {
            if (known.contains(e.key())) {
                present.put(e.key(), e);
            } else {
                unknown.add(e);
            }
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String r : known) {
            if (required.containsKey(r) && !present.containsKey(r)) {
                missing.add(r);
            }
        }
        for (Entry e : unknown) {
            unknownField(e, path, known, missing);
        }
        for (String r : missing) {
            problems.add(m.line(), m.column(), join(path, r), "required field '" + r + "' is missing; " + required.get(r));
        }
        Map<String, Entry> result = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : present.entrySet()) {
            Node v = e.getValue().value();
            if (v instanceof ScalarNode s && s.isNull()) {
                if (required.containsKey(e.getKey())) {
                    problems.add(v, join(path, e.getKey()), "a value is required here, found nothing; "
                            + required.get(e.getKey()));
                }
                continue;
            }
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    /** Reports {@code e}; a missing required field it misspells is taken out of {@code missing}. */
    private void unknownField(Entry e, String path, List<String> known, Set<String> missing) {
        String field = join(path, e.key());
        String near = NearestName.of(e.key(), known);
        if (near != null && missing.remove(near)) {
            problems.add(e.line(), e.column(), field, "unknown field '" + e.key() + "', and the required field '" + near
                    + "' is missing; did you mean '" + near + "'? Rename it");
        } else if (near != null) {
            problems.add(e.line(), e.column(), field, "unknown field '" + e.key() + "'; did you mean '" + near + "'?"
                    + " Rename it, or remove it");
        } else {
            problems.add(e.line(), e.column(), field, "unknown field '" + e.key() + "'; remove it (known fields here: "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
