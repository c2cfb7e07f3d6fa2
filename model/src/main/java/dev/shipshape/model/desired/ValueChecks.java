package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import dev.shipshape.model.Version;
import dev.shipshape.model.YamlTree;
import dev.shipshape.model.YamlTree.Entry;
import dev.shipshape.model.YamlTree.MapNode;
import dev.shipshape.model.YamlTree.Node;
import dev.shipshape.model.YamlTree.ScalarNode;

import java.util.function.Function;

/**
 * Checks the value of one field: its YAML type (mapping, string, boolean, version) and, for a string,
 * a rule that throws {@link FieldException} or {@link IllegalArgumentException} with the message to report.
 */
final class ValueChecks {
    private final ProblemList problems;

    ValueChecks(ProblemList problems) {
        this.problems = problems;
    }

    /** {@code n} when it is a mapping, else null and a problem. */
    Node mapping(Node n, String path) {
        if (n instanceof MapNode) {
            return n;
        }
        problems.add(n, path, "expected a mapping (key: value lines indented under " + last(path) + "), found "
                + n.describe());
        return null;
    }

    void constant(Entry e, String path, String expected) {
        string(e, path, s -> {
            if (!s.equals(expected)) {
                throw new FieldException("", path + " must be " + expected + ", not '" + YamlTree.abbreviate(s)
                        + "'; write " + path + ": " + expected);
            }
            return s;
        });
    }

    void version(Entry e) {
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
                problems.add(s, "spec.version", ex.getMessage());
            }
        } else {
            problems.add(n, "spec.version", "expected a version such as 1.2.3, found " + n.describe());
        }
    }

    void bool(Entry e, String path) {
        if (e == null) {
            return;
        }
        Node n = e.value();
        if (n instanceof ScalarNode s && s.isBoolean()) {
            String t = s.text();
            if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                problems.add(s, path, "'" + t + "' is a boolean to some YAML readers and a string to others; write true or false");
            }
        } else if (n instanceof ScalarNode s && s.isString()
                && (s.text().equalsIgnoreCase("true") || s.text().equalsIgnoreCase("false"))) {
            problems.add(s, path, "expected a boolean, found the string '" + s.text() + "'; write true or false without quotes");
        } else {
            problems.add(n, path, "expected a boolean (true or false), found " + n.describe());
        }
    }

    /** Checks a string field with {@code check} (which throws FieldException or IllegalArgumentException); returns its result or null. */
    <T> T string(Entry e, String path, Function<String, T> check) {
        return e == null ? null : scalarString(e.value(), path, check);
    }

    /** As {@link #string}, for a node that is not a mapping's value (a list item). */
    <T> T scalarString(Node n, String path, Function<String, T> check) {
        if (!(n instanceof ScalarNode s) || !s.isString()) {
            String hint = n instanceof ScalarNode s2 && !s2.isNull() ? "; put the value in quotes" : "";
            problems.add(n, path, "expected a string, found " + n.describe() + hint);
            return null;
        }
        if (tooLong(s, path)) {
            return null;
        }
        try {
            return check.apply(s.text());
        } catch (IllegalArgumentException ex) {
            problems.add(s, path, ex.getMessage());
            return null;
        }
    }

    private boolean tooLong(ScalarNode s, String path) {
        if (s.text() != null && s.text().length() > DesiredFileValidator.MAX_STRING) {
            problems.add(s, path, "the value is " + s.text().length() + " characters long; at most "
                    + DesiredFileValidator.MAX_STRING + " are allowed, shorten it");
            return true;
        }
        return false;
    }

    private static String last(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
