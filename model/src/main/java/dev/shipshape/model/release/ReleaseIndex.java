package dev.shipshape.model.release;

import dev.shipshape.model.InvalidFileException;
import dev.shipshape.model.Problem;
import dev.shipshape.model.Version;
import dev.shipshape.model.YamlTree;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.ListNode;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A vendor's release index ({@code spec.source.index}): the releases it publishes, read strictly (JSON is
 * YAML, so one reader takes both). Every problem is reported together, naming the entry and the field,
 * as the desired file's problems are: an index shipshape half understood would choose the wrong release.
 *
 * <pre>
 * releases:
 *   - {version: 1.1.0, publishedAt: 2026-11-20T10:00:00Z, upgradeFrom: 1.0.0, notes: "…"}
 *   - {version: 1.1.1, publishedAt: 2026-12-01T10:00:00Z, sha256: 64 hex digits}
 * </pre>
 */
public record ReleaseIndex(List<Release> releases) {
    /** An index larger than this is not an index. */
    public static final int MAX_RELEASES = 10_000;
    private static final List<String> TOP = List.of("releases");
    private static final List<String> FIELDS = List.of("version", "publishedAt", "upgradeFrom", "notes", "sha256");
    private static final Pattern SHA256 = Pattern.compile("(?:sha256:)?[0-9a-fA-F]{64}");

    /**
     * One published release.
     *
     * @param publishedAt when it was published, or null
     * @param upgradeFrom the oldest version that may upgrade straight to it, or null: any
     * @param notes       the vendor's words about it, or null
     * @param sha256      the 64 lower-case hex digits of its package's sha256, or null: {@code {url}.sha256} is used
     */
    public record Release(Version version, Instant publishedAt, Version upgradeFrom, String notes, String sha256) {
    }

    public ReleaseIndex {
        releases = releases.stream().sorted(Comparator.comparing(Release::version)).toList();
    }

    public Optional<Release> release(Version version) {
        return releases.stream().filter(r -> r.version().sameAs(version)).findFirst();
    }

    /** Parses an index, or throws an {@link InvalidFileException} listing every problem ({@code name} names the file). */
    public static ReleaseIndex parse(String name, String text) {
        YamlTree.Parsed parsed = YamlTree.parse(text);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        Optional<Problem> refused = YamlTree.refused(text);
        if (refused.isPresent()) {
            throw new InvalidFileException(name, List.of(refused.get()));
        }
        if (parsed.root() == null) {
            if (problems.isEmpty()) {
                problems.add(new Problem(0, 0, null, "the index is empty; it must be a mapping with releases: [...]"));
            }
            throw new InvalidFileException(name, problems);
        }
        List<Release> releases = new ArrayList<>();
        if (!(parsed.root() instanceof MapNode m)) {
            problems.add(at(parsed.root(), null, "the index holds " + parsed.root().describe()
                    + " at the top, not a mapping; write releases: followed by a list of releases"));
        } else {
            for (Entry e : m.entries()) {
                if (!TOP.contains(e.key())) {
                    problems.add(new Problem(e.line(), e.column(), e.key(), "unknown field '" + e.key()
                            + "'; an index has only releases: ask the vendor to fix the index"));
                }
            }
            Entry list = m.get("releases");
            if (list == null) {
                problems.add(new Problem(m.line(), m.column(), "releases", "required field 'releases' is missing;"
                        + " an index is releases: followed by a list of {version, publishedAt, upgradeFrom, notes, sha256}"));
            } else if (!(list.value() instanceof ListNode l)) {
                problems.add(at(list.value(), "releases", "expected a list of releases, found " + list.value().describe()));
            } else if (l.items().size() > MAX_RELEASES) {
                problems.add(at(l, "releases", "the index lists " + l.items().size() + " releases; at most " + MAX_RELEASES));
            } else {
                Set<Version> seen = new HashSet<>();
                for (int i = 0; i < l.items().size(); i++) {
                    release(l.items().get(i), "releases[" + i + "]", problems).ifPresent(r -> {
                        if (!seen.add(r.version())) {
                            problems.add(new Problem(0, 0, "releases", "version " + r.version() + " is listed twice; each"
                                    + " release may be listed once: ask the vendor to fix the index"));
                        } else {
                            releases.add(r);
                        }
                    });
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new InvalidFileException(name, problems);
        }
        return new ReleaseIndex(releases);
    }

    private static Optional<Release> release(Node n, String path, List<Problem> problems) {
        if (!(n instanceof MapNode m)) {
            problems.add(at(n, path, "expected a release {version, publishedAt, upgradeFrom, notes, sha256}, found " + n.describe()));
            return Optional.empty();
        }
        int before = problems.size();
        for (Entry e : m.entries()) {
            if (!FIELDS.contains(e.key())) {
                problems.add(new Problem(e.line(), e.column(), path + "." + e.key(), "unknown field '" + e.key()
                        + "'; a release has " + String.join(", ", FIELDS)));
            }
        }
        Version version = null;
        Entry v = m.get("version");
        if (v == null) {
            problems.add(new Problem(m.line(), m.column(), path + ".version", "required field 'version' is missing"));
        } else {
            version = version(v.value(), path + ".version", problems);
        }
        Instant published = null;
        Entry p = m.get("publishedAt");
        String publishedText = p == null ? null : text(p.value(), path + ".publishedAt", problems);
        if (publishedText != null) {
            String s = publishedText;
            try {
                published = Instant.parse(s);
            } catch (DateTimeParseException e) {
                problems.add(at(p.value(), path + ".publishedAt", "'" + YamlTree.abbreviate(s)
                        + "' is not a UTC time; write it like 2026-12-01T10:00:00Z"));
            }
        }
        Version from = null;
        Entry u = m.get("upgradeFrom");
        if (u != null && !(u.value() instanceof ScalarNode s && s.isNull())) {
            from = version(u.value(), path + ".upgradeFrom", problems);
            if (from != null && version != null && !from.isOlderThan(version)) {
                problems.add(at(u.value(), path + ".upgradeFrom", "upgradeFrom " + from + " is not older than the release "
                        + version + " itself; it names the oldest version that may upgrade straight to it"));
            }
        }
        String notes = null;
        Entry no = m.get("notes");
        if (no != null && !(no.value() instanceof ScalarNode s && s.isNull())) {
            notes = text(no.value(), path + ".notes", problems);
        }
        String sha = null;
        Entry sh = m.get("sha256");
        String shaText = sh == null ? null : text(sh.value(), path + ".sha256", problems);
        if (shaText != null) {
            String s = shaText;
            if (SHA256.matcher(s.strip()).matches()) {
                String hex = s.strip().toLowerCase(Locale.ROOT);
                sha = hex.startsWith("sha256:") ? hex.substring(7) : hex;
            } else {
                problems.add(at(sh.value(), path + ".sha256", "expected 64 hex digits (optionally after 'sha256:')"));
            }
        }
        return problems.size() == before && version != null
                ? Optional.of(new Release(version, published, from, notes, sha)) : Optional.empty();
    }

    private static Version version(Node n, String path, List<Problem> problems) {
        if (n instanceof ScalarNode s && (s.isString() || s.isNumber())) {
            try {
                return Version.parse(s.text());
            } catch (IllegalArgumentException e) {
                problems.add(at(n, path, e.getMessage()));
                return null;
            }
        }
        problems.add(at(n, path, "expected a version such as 1.2.3, found " + n.describe()));
        return null;
    }

    private static String text(Node n, String path, List<Problem> problems) {
        if (n instanceof ScalarNode s && !s.isNull() && !s.isBoolean()) {
            return s.text();
        }
        problems.add(at(n, path, "expected a string, found " + n.describe()));
        return null;
    }

    private static Problem at(Node n, String field, String message) {
        return new Problem(n.line(), n.column(), field, message);
    }
}
