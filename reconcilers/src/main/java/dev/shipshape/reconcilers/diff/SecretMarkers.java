package dev.shipshape.reconcilers.diff;

import dev.shipshape.model.config.ConfigTree;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-ins for secret values: every secret of a project (each leaf of generated-secret.yaml and
 * user-secret, and each secret a release declares that is not generated yet) gets a unique marker,
 * and the release is rendered with the markers in place of the values. The rendered files then say
 * exactly where each secret goes, and no value is ever rendered into a preview. The random part
 * keeps a marker from ever matching text a package wrote itself.
 */
public final class SecretMarkers {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final Pattern pattern;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Object> overlay;

    private SecretMarkers(String token, Map<String, Object> secrets, Collection<String> missingKeys) {
        this.token = token;
        this.pattern = Pattern.compile(Pattern.quote("<<secret-" + token + "-") + "(\\d+)>>");
        Map<String, Object> tree = replaceLeaves(secrets, "");
        Map<String, Object> missing = new LinkedHashMap<>();
        for (String key : missingKeys) {
            missing.put(key, marker(key));
        }
        this.overlay = ConfigTree.merge(tree, ConfigTree.expandDottedKeys(missing));
    }

    /**
     * @param secrets     the project's secrets tree (generated-secret.yaml merged with user-secret), nested
     * @param missingKeys dotted keys of secrets the release declares that have no value yet
     */
    public static SecretMarkers of(Map<String, Object> secrets, Collection<String> missingKeys) {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return new SecretMarkers(HexFormat.of().formatHex(b), secrets, missingKeys);
    }

    /** The tree to merge over the configuration: the secrets' shape, a marker at every leaf. */
    public Map<String, Object> overlay() {
        return overlay;
    }

    /** Markers in {@code text}, as a regex whose group 1 is the marker's number (see {@link #key}). */
    Pattern pattern() {
        return pattern;
    }

    /** The dotted key of the secret whose marker has number {@code index}. */
    String key(int index) {
        return keys.get(index);
    }

    /** The key a marker stands for, when {@code text} is exactly one marker. */
    Optional<String> keyOf(String text) {
        Matcher m = pattern.matcher(text);
        return m.matches() ? Optional.of(key(Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    private String marker(String key) {
        keys.add(key);
        return "<<secret-" + token + "-" + (keys.size() - 1) + ">>";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> replaceLeaves(Map<String, Object> tree, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                out.put(k, replaceLeaves((Map<String, Object>) m, key));
            } else if (v instanceof List<?> l) {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) {
                    items.add(l.get(i) instanceof Map<?, ?> m
                            ? replaceLeaves((Map<String, Object>) m, key + "." + i) : marker(key));
                }
                out.put(k, items);
            } else {
                out.put(k, marker(key));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "SecretMarkers[" + keys.size() + " secrets]";
    }
}
