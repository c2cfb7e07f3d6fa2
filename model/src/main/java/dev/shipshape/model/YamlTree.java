package dev.shipshape.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML document as a tree that remembers where every key and value starts, so a validator can
 * report every problem with its line and column (Jackson's own tree forgets positions). Duplicate
 * keys are collected as problems instead of stopping the read; a syntax error ends it, since
 * nothing after it can be trusted.
 */
public final class YamlTree {
    // An empty plain scalar (`key:`) is null, as YAML says, not an empty string.
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Yaml.MAX_DOCUMENT_CHARS).maxNestingDepth(64).build())
            .build();

    /** Binds what {@link #parse} read, seeing the same scalars; strict like {@link Yaml#mapper()}. */
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private YamlTree() {
    }

    /** Reads {@code text}, already checked by a validator walking {@link #parse}'s tree, as {@code type}. */
    public static <T> T bind(String fileName, String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw Yaml.translate(fileName, e);
        }
    }

    public sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        int column();

        /** For messages: "a mapping", "a list", "the string 'x'", "the number 3", ... */
        String describe();
    }

    public record Entry(String key, int line, int column, Node value) {
    }

    public record MapNode(int line, int column, List<Entry> entries) implements Node {
        public MapNode {
            entries = List.copyOf(entries);
        }

        public Entry get(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return e;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    public record ListNode(int line, int column, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar with the type YAML resolved it to ({@code token}) and its text as written. */
    public record ScalarNode(int line, int column, JsonToken token, String text) implements Node {
        public boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        public boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }

        public boolean isBoolean() {
            return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
        }

        public boolean isNumber() {
            return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        }

        @Override
        public String describe() {
            if (isNull()) {
                return "nothing (null)";
            }
            if (isBoolean()) {
                return "the boolean " + text;
            }
            if (isNumber()) {
                return "the number " + abbreviate(text);
            }
            return "the string '" + abbreviate(text) + "'";
        }
    }

    /** The root node (null for a file without a document) and the duplicate keys found on the way. */
    public record Parsed(Node root, List<Problem> problems) {
    }

    /**
     * Reads {@code text}. A syntax error, or a second document, is returned as the only problem
     * with a null root.
     */
    public static Parsed parse(String text) {
        List<Problem> problems = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() == null) {
                return new Parsed(null, problems);
            }
            Node root = read(p, "", problems);
            if (p.nextToken() != null) {
                return new Parsed(null, List.of(secondDocument(p.currentTokenLocation())));
            }
            Collections.sort(problems);
            return new Parsed(root, problems);
        } catch (JsonProcessingException e) {
            // SnakeYAML knows where the problem is and says what it is in one phrase; Jackson's location is often
            // the start of the construct that contains it (the end of the previous line for a tab).
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                return new Parsed(null, List.of(new Problem(m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1,
                        null, syntax(m.getProblem()))));
            }
            JsonLocation at = e.getLocation();
            return new Parsed(null, List.of(new Problem(at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    null, syntax(e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string failed", e);
        }
    }

    /**
     * What every YAML reader of shipshape refuses, as {@link #parse} does for the desired file: an
     * alias ({@code *name}), which Jackson reads as the anchor's bare name, silently; and a second
     * document, which it ignores, so it could hide a service or a key from a reviewer who reads the
     * first. Returns the first one, or empty; a syntax error is left to the caller's own reading. The
     * problem quotes nothing of the file: secret files are read this way too.
     */
    public static Optional<Problem> refused(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            int depth = 0;
            boolean rootRead = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                JsonLocation at = p.currentTokenLocation();
                if (depth == 0 && rootRead) {
                    return Optional.of(secondDocument(at));
                }
                if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    return Optional.of(new Problem(at.getLineNr(), at.getColumnNr(), null, "uses a YAML alias (*name):"
                            + " anchors and aliases are refused, since a few of them can stand for a huge document and a"
                            + " reader would see the anchor's name instead of its value; write the values out"));
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                rootRead = depth == 0;
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Problem secondDocument(JsonLocation at) {
        return new Problem(at.getLineNr(), at.getColumnNr(), null,
                "a second YAML document starts here; a file holds one document, remove the extra '---' and what follows");
    }

    private static String syntax(String original) {
        String first = original == null ? "" : original.lines().findFirst().orElse("").strip();
        if (original != null && (original.contains("\\t") || original.contains("\t"))) {
            return "not valid YAML: a tab character here; indent with spaces, YAML does not allow tabs for indentation";
        }
        return "not valid YAML: " + first + "; check the indentation, quotes and colons around this position";
    }

    private static Node read(JsonParser p, String path, List<Problem> problems) throws IOException {
        JsonToken t = p.currentToken();
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        if (t == JsonToken.START_OBJECT) {
            List<Entry> entries = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation k = p.currentTokenLocation();
                p.nextToken();
                String child = path.isEmpty() ? key : path + "." + key;
                Node value = read(p, child, problems);
                if (seen.add(key)) {
                    entries.add(new Entry(key, k.getLineNr(), k.getColumnNr(), value));
                } else {
                    problems.add(new Problem(k.getLineNr(), k.getColumnNr(), child,
                            "duplicate key '" + key + "': it is already set above in this mapping; keep only one of them"));
                }
            }
            return new MapNode(line, col, entries);
        }
        if (t == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                items.add(read(p, path + "[" + i++ + "]", problems));
            }
            return new ListNode(line, col, items);
        }
        if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            // Jackson would read the alias as the string of its anchor's name, silently: refuse it instead.
            problems.add(new Problem(line, col, path.isEmpty() ? null : path, "a YAML alias (*" + p.getText()
                    + ") is not supported here; write the value out"));
        }
        return new ScalarNode(line, col, t, t == JsonToken.VALUE_NULL ? null : p.getText());
    }

    /** A value short enough to quote in a message: a 1 MB value must not make a 1 MB message. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        String one = s.replace("\n", "\\n").replace("\t", "\\t");
        return one.length() <= 60 ? one : one.substring(0, 40) + "… (" + s.length() + " characters)";
    }
}
