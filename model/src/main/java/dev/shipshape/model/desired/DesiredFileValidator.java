package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.InvalidFileException;
import dev.shipshape.model.Problem;
import dev.shipshape.model.Version;
import dev.shipshape.model.Yaml;
import dev.shipshape.model.YamlTree;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.ListNode;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a desired file completely before it is bound to records, collecting every problem with
 * its line, column and field, so one run of {@code plan} shows all that is wrong. It accepts
 * exactly what {@code schema/shipshape-server.schema.json} describes (a test holds them
 * together); the record constructors keep their own checks as a second line, and the messages
 * come from the same static checks they use.
 *
 * <p>Why not validate with a JSON-schema library at run time: the model depends on Jackson only, a schema
 * library's messages are generic ("does not match the regex pattern"), and mapping its JSON pointers back to
 * YAML positions needs a tree with positions anyway. Walking {@link YamlTree} gives exact positions, messages
 * that say what to do, and typo suggestions; the schema stays the contract for editors and CI.
 *
 * <p>Beyond the schema, it checks what a JSON schema cannot say well: that a duration is within
 * range, a time zone exists, a version's numbers fit, a window is not empty, and that projectDir
 * stays inside the desired file's folder once normalised.
 */
public final class DesiredFileValidator {
    /** A path or URL longer than this is a mistake (Linux's PATH_MAX). */
    public static final int MAX_STRING = 4096;

    private static final List<String> TOP = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> SPEC = List.of("version", "source", "projectDir", "config", "images", "rollout", "state", "suspend");
    private static final List<String> SOURCE = List.of("url", "checksum", "timeout");
    private static final List<String> IMAGES = List.of("digests", "credentialsFile", "offline", "pull", "pullTimeout");
    private static final List<String> ROLLOUT = List.of("healthTimeout", "autoRollback", "allowDowngrade", "window");
    private static final List<String> WINDOW = List.of("days", "start", "end", "timeZone");

    private final List<Problem> problems = new ArrayList<>();

    private DesiredFileValidator() {
    }

    /** Throws an {@link InvalidFileException} listing every problem of {@code text}; returns when there is none. */
    public static void check(String file, String text) {
        List<Problem> problems = problems(text);
        if (!problems.isEmpty()) {
            throw new InvalidFileException(file, problems);
        }
    }

    /** Every problem of {@code text}, in file order; empty when it is a valid desired file. */
    public static List<Problem> problems(String text) {
        if (text.length() > Yaml.MAX_DOCUMENT_CHARS) {
            return List.of(new Problem(0, 0, null, "the file is larger than " + Yaml.MAX_DOCUMENT_CHARS
                    + " characters; this is not a desired-state file, check that -f names the right file"));
        }
        if (text.isBlank()) {
            return List.of(new Problem(0, 0, null, "the file is empty"));
        }
        YamlTree.Parsed parsed = YamlTree.parse(text);
        if (parsed.root() == null && parsed.problems().isEmpty()) {
            return List.of(new Problem(0, 0, null, "the file holds no document, only comments; write the desired state"
                    + " (apiVersion, kind, metadata, spec) into it"));
        }
        DesiredFileValidator v = new DesiredFileValidator();
        v.problems.addAll(parsed.problems());
        if (parsed.root() != null) {
            v.root(parsed.root());
        }
        List<Problem> all = new ArrayList<>(v.problems);
        Collections.sort(all);
        return List.copyOf(all);
    }

    private void root(Node node) {
        if (!(node instanceof MapNode m)) {
            add(node, null, "the file holds " + node.describe() + " at the top, not a mapping; a desired file is a"
                    + " mapping with apiVersion, kind, metadata and spec");
            return;
        }
        Map<String, Entry> f = fields(m, "", TOP, Map.of(
                "apiVersion", "add apiVersion: " + DesiredServer.API_VERSION,
                "kind", "add kind: " + DesiredServer.KIND,
                "metadata", "add metadata: with the project's name",
                "spec", "add spec: with at least version, source.url and projectDir"));
        constant(f.get("apiVersion"), "apiVersion", DesiredServer.API_VERSION);
        constant(f.get("kind"), "kind", DesiredServer.KIND);
        Entry meta = f.get("metadata");
        if (meta != null && mapping(meta.value(), "metadata") instanceof MapNode mm) {
            Map<String, Entry> mf = fields(mm, "metadata", List.of("name"), Map.of("name",
                    "add name: with the project name, e.g. name: spacetech"));
            string(mf.get("name"), "metadata.name", name -> new Metadata(name));
        }
        Entry spec = f.get("spec");
        if (spec != null && mapping(spec.value(), "spec") instanceof MapNode sm) {
            spec(sm);
        }
    }

    private void spec(MapNode m) {
        Map<String, Entry> f = fields(m, "spec", SPEC, Map.of(
                "version", "add the target version, e.g. version: 1.2.3",
                "source", "add source: with the url of the release packages",
                "projectDir", "add projectDir: with the project folder, relative to this file"));
        version(f.get("version"));
        Entry source = f.get("source");
        if (source != null && mapping(source.value(), "spec.source") instanceof MapNode sm) {
            Map<String, Entry> sf = fields(sm, "spec.source", SOURCE, Map.of("url",
                    "add url: with where release packages come from, e.g. https://releases.example.com/server-{version}.zip"));
            string(sf.get("url"), "spec.source.url", Source::checkUrl);
            string(sf.get("checksum"), "spec.source.checksum", Source::checkChecksum);
            string(sf.get("timeout"), "spec.source.timeout", Source::parseTimeout);
        }
        string(f.get("projectDir"), "spec.projectDir", DesiredFileValidator::checkProjectDir);
        Entry config = f.get("config");
        if (config != null) {
            mapping(config.value(), "spec.config");
        }
        Entry images = f.get("images");
        if (images != null && mapping(images.value(), "spec.images") instanceof MapNode im) {
            images(im);
        }
        Entry rollout = f.get("rollout");
        if (rollout != null && mapping(rollout.value(), "spec.rollout") instanceof MapNode rm) {
            rollout(rm);
        }
        string(f.get("state"), "spec.state", s -> {
            if (!s.equals("running") && !s.equals("stopped")) {
                throw new FieldException("", "'" + s + "' is not a state; use running (the runbook's up) or stopped (its down)");
            }
            return s;
        });
        bool(f.get("suspend"), "spec.suspend");
    }

    private void images(MapNode m) {
        Map<String, Entry> f = fields(m, "spec.images", IMAGES, Map.of());
        Entry digests = f.get("digests");
        if (digests != null && mapping(digests.value(), "spec.images.digests") instanceof MapNode dm) {
            for (Entry e : dm.entries()) {
                String path = "spec.images.digests." + e.key();
                if (e.value() instanceof ScalarNode s && s.isNull()) {
                    add(e.value(), path, "digest of service '" + e.key() + "' is empty; write 'sha256:' followed by 64 hex"
                            + " digits, or remove the line");
                } else {
                    string(e, path, d -> {
                        ImagePins.checkDigest(e.key(), d);
                        return d;
                    });
                }
            }
        }
        string(f.get("credentialsFile"), "spec.images.credentialsFile", s -> {
            ImagePins.checkCredentialsFile(s);
            return s;
        });
        string(f.get("offline"), "spec.images.offline", s -> {
            ImagePins.checkOffline(s);
            return s;
        });
        string(f.get("pull"), "spec.images.pull", s -> {
            if (!s.equals("always-missing") && !s.equals("never")) {
                throw new FieldException("", "'" + s + "' is not a pull policy; use always-missing (pull what is missing)"
                        + " or never (load image tarballs only)");
            }
            return s;
        });
        string(f.get("pullTimeout"), "spec.images.pullTimeout", ImagePins::parsePullTimeout);
    }

    private void rollout(MapNode m) {
        Map<String, Entry> f = fields(m, "spec.rollout", ROLLOUT, Map.of());
        string(f.get("healthTimeout"), "spec.rollout.healthTimeout", Rollout::parseHealthTimeout);
        bool(f.get("autoRollback"), "spec.rollout.autoRollback");
        bool(f.get("allowDowngrade"), "spec.rollout.allowDowngrade");
        Entry window = f.get("window");
        if (window != null && mapping(window.value(), "spec.rollout.window") instanceof MapNode wm) {
            window(wm);
        }
    }

    private void window(MapNode m) {
        String path = "spec.rollout.window";
        Map<String, Entry> f = fields(m, path, WINDOW, Map.of(
                "start", "start is required: the local time the window opens, HH:MM such as \"02:00\"",
                "end", "end is required: the local time the window closes, HH:MM such as \"05:00\""));
        int before = problems.size();
        Set<java.time.DayOfWeek> days = null;
        Entry d = f.get("days");
        if (d != null) {
            if (d.value() instanceof ListNode list) {
                days = EnumSet.noneOf(java.time.DayOfWeek.class);
                for (int i = 0; i < list.items().size(); i++) {
                    Node item = list.items().get(i);
                    String itemPath = path + ".days[" + i + "]";
                    Object day = scalarString(item, itemPath, s -> MaintenanceWindow.parseDay(s, ""));
                    if (day instanceof java.time.DayOfWeek dow) {
                        days.add(dow);
                    }
                }
                if (list.items().isEmpty()) {
                    add(list, path + ".days", "days lists no day; name at least one of mon, tue, wed, thu, fri, sat, sun,"
                            + " or leave days out for every day");
                }
            } else {
                add(d.value(), path + ".days", "expected a list of days such as [sat, sun], found " + d.value().describe());
            }
        }
        LocalTime start = string(f.get("start"), path + ".start", s -> MaintenanceWindow.parseTime(s, ""));
        LocalTime end = string(f.get("end"), path + ".end", s -> MaintenanceWindow.parseTime(s, ""));
        string(f.get("timeZone"), path + ".timeZone", s -> MaintenanceWindow.parseZone(s, ""));
        if (problems.size() == before && start != null && end != null && start.equals(end)) {
            Entry e = f.get("end");
            try {
                new MaintenanceWindow(days, start, end, ZoneId.of("UTC"));
            } catch (FieldException fe) {
                add(e.value(), path + ".end", fe.getMessage());
            }
        }
    }

    // --- building blocks -------------------------------------------------------------------------------------

    /**
     * The entries of {@code m} by key, leaving out those whose value is null (an optional field written
     * {@code key:} or {@code key: null} means its default). Reports unknown keys (with the known field they
     * probably misspell) and missing required ones; an unknown key that is a misspelling of a missing required
     * field is reported once, at the unknown key.
     */
    private Map<String, Entry> fields(MapNode m, String path, List<String> known, Map<String, String> required) {
        Map<String, Entry> present = new LinkedHashMap<>();
        List<Entry> unknown = new ArrayList<>();
        for (Entry e : m.entries()) {
            if (known.contains(e.key())) {
                present.put(e.key(), e);
            } else {
                unknown.add(e);
            }
        }
        Set<String> missing = new java.util.LinkedHashSet<>();
        for (String r : known) {
            if (required.containsKey(r) && !present.containsKey(r)) {
                missing.add(r);
            }
        }
        for (Entry e : unknown) {
            String field = join(path, e.key());
            String near = nearest(e.key(), known);
            if (near != null && missing.remove(near)) {
                add(e.line(), e.column(), field, "unknown field '" + e.key() + "', and the required field '" + near
                        + "' is missing; did you mean '" + near + "'? Rename it");
            } else if (near != null) {
                add(e.line(), e.column(), field, "unknown field '" + e.key() + "'; did you mean '" + near + "'?"
                        + " Rename it, or remove it");
            } else {
                add(e.line(), e.column(), field, "unknown field '" + e.key() + "'; remove it (known fields here: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        for (String r : missing) {
            add(m.line(), m.column(), join(path, r), "required field '" + r + "' is missing; " + required.get(r));
        }
        Map<String, Entry> result = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : present.entrySet()) {
            Node v = e.getValue().value();
            if (v instanceof ScalarNode s && s.isNull()) {
                if (required.containsKey(e.getKey())) {
                    add(v, join(path, e.getKey()), "a value is required here, found nothing; " + required.get(e.getKey()));
                }
                continue;
            }
            result.put(e.getKey(), e.getValue());
        }
        return result;
    }

    private Node mapping(Node n, String path) {
        if (n instanceof MapNode) {
            return n;
        }
        add(n, path, "expected a mapping (key: value lines indented under " + last(path) + "), found " + n.describe());
        return null;
    }

    private void constant(Entry e, String path, String expected) {
        string(e, path, s -> {
            if (!s.equals(expected)) {
                throw new FieldException("", path + " must be " + expected + ", not '" + YamlTree.abbreviate(s)
                        + "'; write " + path + ": " + expected);
            }
            return s;
        });
    }

    private void version(Entry e) {
        if (e == null) {
            return;
        }
        Node n = e.value();
        if (n instanceof ScalarNode s && (s.isString() || s.isNumber())) {
            if (tooLong(s, "spec.version")) {
                return;
            }
            try {
                Version.parse(s.text());
            } catch (IllegalArgumentException ex) {
                add(s, "spec.version", ex.getMessage());
            }
        } else {
            add(n, "spec.version", "expected a version such as 1.2.3, found " + n.describe());
        }
    }

    private void bool(Entry e, String path) {
        if (e == null) {
            return;
        }
        Node n = e.value();
        if (n instanceof ScalarNode s && s.isBoolean()) {
            String t = s.text();
            if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                add(s, path, "'" + t + "' is a boolean to some YAML readers and a string to others; write true or false");
            }
        } else if (n instanceof ScalarNode s && s.isString()
                && (s.text().equalsIgnoreCase("true") || s.text().equalsIgnoreCase("false"))) {
            add(s, path, "expected a boolean, found the string '" + s.text() + "'; write true or false without quotes");
        } else {
            add(n, path, "expected a boolean (true or false), found " + n.describe());
        }
    }

    /** Checks a string field with {@code check} (which throws FieldException or IllegalArgumentException); returns its result or null. */
    private <T> T string(Entry e, String path, Function<String, T> check) {
        return e == null ? null : scalarString(e.value(), path, check);
    }

    @SuppressWarnings("unchecked")
    private <T> T scalarString(Node n, String path, Function<String, T> check) {
        if (!(n instanceof ScalarNode s) || !s.isString()) {
            String hint = n instanceof ScalarNode s2 && !s2.isNull() ? "; put the value in quotes" : "";
            add(n, path, "expected a string, found " + n.describe() + hint);
            return null;
        }
        if (tooLong(s, path)) {
            return null;
        }
        try {
            return check.apply(s.text());
        } catch (IllegalArgumentException ex) {
            add(s, path, ex.getMessage());
            return null;
        }
    }

    private boolean tooLong(ScalarNode s, String path) {
        if (s.text() != null && s.text().length() > MAX_STRING) {
            add(s, path, "the value is " + s.text().length() + " characters long; at most " + MAX_STRING
                    + " are allowed, shorten it");
            return true;
        }
        return false;
    }

    /** projectDir must stay inside the desired file's folder: relative, and no way out through '..'. */
    static String checkProjectDir(String dir) {
        if (dir.isBlank()) {
            throw new FieldException("", "projectDir is empty; name the folder (relative to this file) that holds global.yaml");
        }
        if (dir.indexOf('\0') >= 0) {
            throw new FieldException("", "projectDir contains a NUL character; remove it");
        }
        Path p = Path.of(dir);
        if (p.isAbsolute() || p.normalize().startsWith("..")) {
            throw new FieldException("", "'" + dir + "' must be a folder inside the folder of this file (no absolute path,"
                    + " no '..' leading out); move the project folder next to the desired file or the file next to it");
        }
        return dir;
    }

    private static String nearest(String key, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = k.equalsIgnoreCase(key) ? 0 : distance(key.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(2, best == null ? 0 : best.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /** Optimal string alignment distance: a swap of two neighbours counts as one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private void add(Node at, String field, String message) {
        add(at.line(), at.column(), field, message);
    }

    private void add(int line, int column, String field, String message) {
        problems.add(new Problem(line, column, field, message));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String last(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
