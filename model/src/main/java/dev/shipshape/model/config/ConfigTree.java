package dev.shipshape.model.config;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.YamlTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merged configuration tree: nested maps of YAML values. Layers merge deeply, later layers
 * win; a list or scalar replaces what was there, a mapping merges key by key.
 */
public final class ConfigTree {
    private ConfigTree() {
    }

    /** Merges {@code layers}, lowest priority first, into a new tree; the inputs are not changed. */
    @SafeVarargs
    public static Map<String, Object> merge(Map<String, Object>... layers) {
        return merge(java.util.Arrays.asList(layers));
    }

    public static Map<String, Object> merge(List<Map<String, Object>> layers) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map<String, Object> layer : layers) {
            mergeInto(out, layer);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> target, Map<String, Object> layer) {
        if (layer == null) {
            return;
        }
        layer.forEach((k, v) -> {
            Object existing = target.get(k);
            if (v instanceof Map<?, ?> m && existing instanceof Map<?, ?> em) {
                Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) em);
                mergeInto(merged, (Map<String, Object>) m);
                target.put(k, merged);
            } else {
                target.put(k, copy(v));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> c.put(k, copy(x)));
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(x -> c.add(copy(x)));
            return c;
        }
        return v;
    }

    /**
     * Turns keys written with dots ({@code db.password: x}) into nested mappings, so secret files
     * may use either form. Nested and dotted forms of the same key merge, later keys winning as in
     * {@link #merge}. Built in one pass: merging each key into a copy of the tree so far took time
     * quadratic in the number of keys (20,000 keys: half a minute).
     *
     * @throws InvalidInputException for a key with an empty part ({@code .}, {@code a..b}, {@code .a}, {@code a.})
     */
    public static Map<String, Object> expandDottedKeys(Map<String, Object> tree) {
        return expandDottedKeys(null, tree);
    }

    /** As {@link #expandDottedKeys(Map)}, naming {@code fileName} in the error. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> expandDottedKeys(String fileName, Map<String, Object> tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            Object value = v instanceof Map<?, ?> m ? expandDottedKeys(fileName, (Map<String, Object>) m) : v;
            String[] path = k.split("\\.", -1);
            for (String part : path) {
                if (part.isEmpty()) {
                    // The key is a name, not a value: safe to show even from a secret file.
                    throw new InvalidInputException(fileName, YamlTree.abbreviate(k), "a key with an empty part (a"
                            + " leading, trailing or doubled '.'); write dotted keys as a.b.c, or nest them");
                }
            }
            Map<String, Object> cur = out;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = cur.get(path[i]);
                if (!(next instanceof Map<?, ?>)) {
                    // a scalar or a list is replaced by a mapping, as merge does
                    next = new LinkedHashMap<String, Object>();
                    cur.put(path[i], next);
                }
                cur = (Map<String, Object>) next;
            }
            String last = path[path.length - 1];
            if (value instanceof Map<?, ?> m && cur.get(last) instanceof Map<?, ?> existing) {
                mergeInto((Map<String, Object>) existing, (Map<String, Object>) m);
            } else {
                cur.put(last, copy(value));
            }
        });
        return out;
    }

    /** The value at a dotted path, or null when any part of the path is missing. */
    @SuppressWarnings("unchecked")
    public static Object get(Map<String, Object> tree, String dottedPath) {
        Object cur = tree;
        for (String part : dottedPath.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = ((Map<String, Object>) m).get(part);
        }
        return cur;
    }
}
