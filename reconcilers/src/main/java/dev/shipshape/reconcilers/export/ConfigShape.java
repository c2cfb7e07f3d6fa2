package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks that a configuration layer keeps the shape of the release's defaults: a layer that puts a
 * list or a single value where the defaults have a mapping (or the other way round) would replace
 * the whole mapping, and templates would then report missing keys far from the actual mistake.
 * Messages name the file and key and the kinds involved, never a value (the layer may be user-secret).
 */
final class ConfigShape {
    private ConfigShape() {
    }

    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> defaults, Map<String, Object> layer, String fileName) {
        check(defaults, layer, fileName, "");
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> defaults, Map<String, Object> layer, String fileName, String prefix) {
        for (Map.Entry<String, Object> e : layer.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object d = defaults.get(e.getKey());
            Object v = e.getValue();
            if (d == null || v == null) {
                continue;
            }
            if (d instanceof Map<?, ?> dm && v instanceof Map<?, ?> vm) {
                check((Map<String, Object>) dm, (Map<String, Object>) vm, fileName, key);
            } else if (d instanceof Map<?, ?> dm) {
                throw new InvalidInputException(fileName, key, "is " + kind(v) + ", but the release's default is a mapping"
                        + " (with " + String.join(", ", new TreeSet<>(((Map<String, Object>) dm).keySet())) + "); set the"
                        + " keys inside it instead, e.g. " + key + ": {" + new TreeSet<>(((Map<String, Object>) dm).keySet()).first()
                        + ": ...}");
            } else if (v instanceof Map<?, ?>) {
                throw new InvalidInputException(fileName, key, "is a mapping, but the release's default is " + kind(d)
                        + "; write " + kind(d) + " there");
            }
        }
    }

    private static String kind(Object v) {
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        return "a single value";
    }
}
