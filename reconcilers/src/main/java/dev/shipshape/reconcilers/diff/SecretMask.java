package dev.shipshape.reconcilers.diff;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secret values on both sides of {@code shipshape diff}, so a diff never prints one, while a
 * secret whose value changes still shows as a changed line.
 *
 * <p>The desired side is rendered with {@link SecretMarkers} in place of the values, so every
 * secret there is exactly known and becomes {@value #MASK}, {@value #CHANGED} (its value differs
 * from the one in the export on disk) or {@value #NEW} (not generated yet; export generates it).
 *
 * <p>The installed side is the export on disk, rendered earlier with values that may have changed
 * since (a rotated password in user-secret). Its secret lines are found by the marker renderings of
 * the same file (the installed release's and the target's): a line that matches such a line with
 * the markers as wildcards has its secrets at the wildcards, which are masked and remembered to
 * tell a changed secret. Then every current secret value (at least {@value #MIN_VALUE} characters)
 * is masked wherever it appears. A line that matched no marker line but starts like one (same text
 * up to its first secret) is masked from there on: it is a secret line whose other parts changed.
 */
public final class SecretMask {
    public static final String MASK = "***";
    public static final String CHANGED = "***(changed)";
    public static final String NEW = "***(new)";
    /** Shorter values would match ordinary text (as in the export's SecretScanner); markers find them anyway. */
    static final int MIN_VALUE = 4;

    private final SecretMarkers markers;
    private final Map<String, String> current;
    private final Set<String> missing;
    private final List<String> values;
    private final Map<String, Set<String>> installedValues = new HashMap<>();

    /**
     * @param current     the current value of every secret by dotted key
     * @param missing     keys of secrets that have no value yet
     * @param otherValues further values to hide wherever they appear (such as registry passwords)
     */
    public SecretMask(SecretMarkers markers, Map<String, String> current, Collection<String> missing,
                      Collection<String> otherValues) {
        this.markers = markers;
        this.current = Map.copyOf(current);
        this.missing = Set.copyOf(missing);
        Set<String> all = new LinkedHashSet<>(current.values());
        all.addAll(otherValues);
        // Longest first: a secret that contains another is hidden whole.
        this.values = all.stream().filter(v -> v.length() >= MIN_VALUE)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * The lines of an exported file on disk, secrets masked.
     *
     * @param templates the same file rendered with markers (by the installed and by the target release), as lines
     */
    public List<String> maskInstalled(List<String> lines, Collection<List<String>> templates) {
        List<LinePattern> patterns = new ArrayList<>();
        Map<Integer, String> markerOnlyLines = new TreeMap<>();
        for (List<String> template : templates) {
            for (int i = 0; i < template.size(); i++) {
                LinePattern p = LinePattern.of(template.get(i), markers);
                if (p == null) {
                    continue;
                }
                if (p.literal().isBlank() || p.literal().strip().length() < 2) {
                    // A line that is only a secret (a secret file): no text to recognise it by but its place.
                    if (p.keys().size() == 1) {
                        markerOnlyLines.put(i, p.keys().get(0));
                    }
                } else {
                    patterns.add(p);
                }
            }
        }
        List<String> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            out.add(maskInstalledLine(lines.get(i), patterns, markerOnlyLines.get(i)));
        }
        return out;
    }

    private String maskInstalledLine(String line, List<LinePattern> patterns, String markerOnlyKey) {
        for (LinePattern p : patterns) {
            Matcher m = p.regex().matcher(line);
            if (m.matches()) {
                StringBuilder sb = new StringBuilder();
                int last = 0;
                for (int g = 1; g <= m.groupCount(); g++) {
                    remember(p.keys().get(g - 1), m.group(g));
                    sb.append(line, last, m.start(g)).append(MASK);
                    last = m.end(g);
                }
                sb.append(line.substring(last));
                return maskValues(sb.toString());
            }
        }
        if (markerOnlyKey != null && !line.isBlank()) {
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            remember(markerOnlyKey, line.strip());
            return indent + MASK;
        }
        String masked = maskValues(line);
        for (LinePattern p : patterns) {
            if (p.prefix().strip().length() >= 2 && masked.startsWith(p.prefix()) && masked.length() > p.prefix().length()) {
                return p.prefix() + MASK;
            }
        }
        return masked;
    }

    /** Lines rendered with markers: each marker becomes {@value #MASK}, {@value #CHANGED} or {@value #NEW}. */
    public List<String> maskDesired(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String line : lines) {
            Matcher m = markers.pattern().matcher(line);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String key = markers.key(Integer.parseInt(m.group(1)));
                m.appendReplacement(sb, Matcher.quoteReplacement(label(key)));
            }
            m.appendTail(sb);
            out.add(maskValues(sb.toString()));
        }
        return out;
    }

    /** True when the export on disk holds another value for this secret than the one it would get now. */
    public boolean changed(String key) {
        Set<String> seen = installedValues.get(key);
        String now = current.get(key);
        return seen != null && now != null && seen.stream().anyMatch(v -> !v.equals(now));
    }

    /** Keys of secrets that change, sorted; never values. Valid after the installed side was masked. */
    public Set<String> changedKeys() {
        Set<String> out = new java.util.TreeSet<>();
        installedValues.keySet().forEach(k -> {
            if (changed(k)) {
                out.add(k);
            }
        });
        return out;
    }

    private String label(String key) {
        if (missing.contains(key)) {
            return NEW;
        }
        return changed(key) ? CHANGED : MASK;
    }

    private void remember(String key, String value) {
        installedValues.computeIfAbsent(key, k -> new HashSet<>()).add(value);
    }

    private String maskValues(String line) {
        String out = line;
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "SecretMask[" + current.size() + " secrets, values not shown]";
    }

    /** A rendered line with markers: a regex with a group per marker, the keys in order, the text before the first. */
    record LinePattern(Pattern regex, List<String> keys, String prefix, String literal) {
        static LinePattern of(String line, SecretMarkers markers) {
            Matcher m = markers.pattern().matcher(line);
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            List<String> keys = new ArrayList<>();
            String prefix = null;
            int last = 0;
            while (m.find()) {
                String text = line.substring(last, m.start());
                if (prefix == null) {
                    prefix = text;
                }
                regex.append(Pattern.quote(text)).append("(.*?)");
                literal.append(text);
                keys.add(markers.key(Integer.parseInt(m.group(1))));
                last = m.end();
            }
            if (keys.isEmpty()) {
                return null;
            }
            String rest = line.substring(last);
            regex.append(Pattern.quote(rest));
            literal.append(rest);
            return new LinePattern(Pattern.compile(regex.toString()), List.copyOf(keys), prefix, literal.toString());
        }
    }
}
