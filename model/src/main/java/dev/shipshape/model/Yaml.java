package dev.shipshape.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place YAML is read. Every parse failure becomes an {@link InvalidInputException}
 * naming file, line, column and field, so users never see a raw Jackson stack trace.
 */
public final class Yaml {
    /** Inputs are small configuration files; anything larger is a mistake or an attack. */
    public static final int MAX_DOCUMENT_CHARS = 1_000_000;

    private static final ObjectMapper STRICT = newMapper();

    private Yaml() {
    }

    private static ObjectMapper newMapper() {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_DOCUMENT_CHARS).maxNestingDepth(64).build())
                .build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public static ObjectMapper mapper() {
        return STRICT;
    }

    /** Reads {@code text} (the content of {@code fileName}) as {@code type}. */
    public static <T> T read(String fileName, String text, Class<T> type) {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new InvalidInputException(fileName, null,
                    "the file is larger than " + MAX_DOCUMENT_CHARS + " characters; this is not a configuration file");
        }
        if (text.isBlank()) {
            throw new InvalidInputException(fileName, null, "the file is empty");
        }
        // As strict as the desired file: Jackson alone would read an alias as a name and ignore a second document.
        YamlTree.refused(text).ifPresent(p -> {
            throw new InvalidInputException(fileName, p.line(), p.column(), p.field(), p.message());
        });
        try {
            T value = STRICT.readValue(text, type);
            if (value == null) {
                throw new InvalidInputException(fileName, null, "the file holds no document");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw locate(fileName, text, e);
        }
    }

    /**
     * Jackson reports an unknown field of a record at the end of its mapping, and a missing
     * required field before an unknown one (often its misspelling). Point at the key itself.
     */
    private static InvalidInputException locate(String fileName, String text, JsonProcessingException e) {
        InvalidInputException error = translate(fileName, e);
        if (!(e instanceof JsonMappingException m)) {
            return error;
        }
        List<Object> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : m.getPath()) {
            path.add(ref.getFieldName() != null ? ref.getFieldName() : (Object) ref.getIndex());
        }
        if (e instanceof UnrecognizedPropertyException) {
            JsonLocation at = find(text, path);
            return at == null ? error : new InvalidInputException(fileName, at.getLineNr(), at.getColumnNr(), error.field(),
                    error.getMessage().substring(error.getMessage().indexOf(error.field() + ": ") + error.field().length() + 2));
        }
        if (e instanceof MismatchedInputException mi && String.valueOf(mi.getOriginalMessage())
                .startsWith("Missing required creator property") && !path.isEmpty()) {
            String missing = String.valueOf(path.get(path.size() - 1));
            List<Object> parent = path.subList(0, path.size() - 1);
            String unknown = unknownSibling(text, parent, m.getPath().get(m.getPath().size() - 1).getFrom());
            if (unknown != null) {
                List<Object> typoPath = new ArrayList<>(parent);
                typoPath.add(unknown);
                JsonLocation at = find(text, typoPath);
                String field = dotted(typoPath);
                return new InvalidInputException(fileName, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                        field, "unknown field '" + unknown + "', and the required field '" + missing
                        + "' is missing: is '" + unknown + "' a misspelling of '" + missing + "'?");
            }
        }
        return error;
    }

    /** The first key of the mapping at {@code parent} that the record type there does not have, or null. */
    private static String unknownSibling(String text, List<Object> parent, Object from) {
        Class<?> type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
        if (type == null || !type.isRecord()) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = STRICT.readTree(text);
            for (Object step : parent) {
                node = node == null ? null : step instanceof Integer i ? node.get(i) : node.get((String) step);
            }
            if (node == null || !node.isObject()) {
                return null;
            }
            Set<String> known = new HashSet<>();
            for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
                com.fasterxml.jackson.annotation.JsonProperty p = c.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                known.add(p != null && !p.value().isEmpty() ? p.value() : c.getName());
            }
            var names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!known.contains(n)) {
                    return n;
                }
            }
            return null;
        } catch (JsonProcessingException | RuntimeException ignored) {
            return null;
        }
    }

    /** Where the key (or list item) at {@code path} starts in the text, or null. */
    private static JsonLocation find(String text, List<Object> path) {
        if (path.isEmpty()) {
            return null;
        }
        try (com.fasterxml.jackson.core.JsonParser p = STRICT.getFactory().createParser(text)) {
            p.nextToken();
            return find(p, path, 0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonLocation find(com.fasterxml.jackson.core.JsonParser p, List<Object> path, int depth) throws IOException {
        Object want = path.get(depth);
        boolean last = depth == path.size() - 1;
        if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                boolean match = p.currentName().equals(want);
                JsonLocation at = p.currentTokenLocation();
                p.nextToken();
                if (match) {
                    return last ? at : p.currentToken().isStructStart() ? find(p, path, depth + 1) : null;
                }
                p.skipChildren();
            }
        } else if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
            int index = 0;
            while (p.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                if (want instanceof Integer i && i == index) {
                    return last ? p.currentTokenLocation() : p.currentToken().isStructStart() ? find(p, path, depth + 1) : null;
                }
                p.skipChildren();
                index++;
            }
        }
        return null;
    }

    private static String dotted(List<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(step);
            }
        }
        return sb.toString();
    }

    /** Reads a free-form configuration tree (a YAML mapping at the top, or an empty file). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readTree(String fileName, String text) {
        if (text.isBlank()) {
            return new LinkedHashMap<>();
        }
        Object value = read(fileName, text, Object.class);
        if (!(value instanceof Map)) {
            throw new InvalidInputException(fileName, null, "expected a mapping of keys to values at the top of the file");
        }
        return (Map<String, Object>) value;
    }

    public static String write(Object value) {
        try {
            return STRICT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    public static InvalidInputException translate(String fileName, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        int col = loc == null ? 0 : loc.getColumnNr();
        String field = null;
        String problem;
        if (e instanceof JsonMappingException jme) {
            field = path(jme);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            problem = "unknown field '" + u.getPropertyName() + "'"
                    + (known == null || known.isEmpty() ? "" : "; known fields here: "
                    + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")))
                    + ". Remove it or fix its spelling.";
            field = field == null ? u.getPropertyName() : field;
        } else if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() == null ? v : v.getCause();
            problem = cause.getMessage();
            if (cause instanceof FieldException fe) {
                field = field == null ? fe.field() : field + "." + fe.field();
            }
        } else if (e instanceof InvalidFormatException f) {
            Throwable cause = f.getCause();
            String own = f.getOriginalMessage();
            problem = cause instanceof IllegalArgumentException ? cause.getMessage()
                    : own != null && !own.startsWith("Cannot") ? own
                    : "'" + f.getValue() + "' is not a valid " + simpleType(f.getTargetType());
        } else if (e instanceof MismatchedInputException m) {
            String msg = m.getOriginalMessage();
            if (msg.startsWith("Missing required creator property")) {
                problem = "this field is required";
            } else if (m.getTargetType() != null) {
                problem = "expected " + article(simpleType(m.getTargetType()));
            } else {
                problem = firstLine(msg);
            }
        } else {
            problem = "not valid YAML: " + firstLine(e.getOriginalMessage());
        }
        return new InvalidInputException(fileName, line, col, field, problem);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Version.class) {
            return "version such as 1.2.3";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "mapping";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "list";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        }
        return type.getSimpleName();
    }

    private static String article(String s) {
        return s.startsWith("one of") ? s : (("aeiou".indexOf(s.charAt(0)) >= 0 ? "an " : "a ") + s);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
