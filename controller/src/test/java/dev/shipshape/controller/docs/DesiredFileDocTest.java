package dev.shipshape.controller.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/desired-file.md and the desired file's JSON schema cannot drift: every property path of the schema
 * (spec.source.url, spec.rollout.window.days, …) has a row in the page's field table(s), and every field those
 * tables name is in the schema. The schema is found among schema/*.json as the one describing {@code apiVersion}
 * and {@code kind} (the desired file), so a renamed file or a new field needs no change here.
 */
class DesiredFileDocTest {
    static final Path REPO = Path.of("..");
    static final Path DOC = REPO.resolve("docs/desired-file.md");
    /** A row of a table whose header's first cell is "field": its first cell, a path in backticks. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|", Pattern.MULTILINE);

    @Test
    void everySchemaPathIsInTheReferenceAndEveryFieldOfTheReferenceIsInTheSchema() throws IOException {
        Set<String> schema = new TreeSet<>();
        paths(desiredFileSchema(), "", schema);
        Set<String> documented = documentedFields(Files.readString(DOC, StandardCharsets.UTF_8));

        assertThat(schema).as("the schema's property paths").contains("spec.source.url", "spec.rollout.healthTimeout");
        Set<String> missing = new TreeSet<>(schema);
        missing.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(schema);
        assertThat(missing).as("schema fields that docs/desired-file.md's field table lacks (add a row each)").isEmpty();
        assertThat(unknown).as("fields docs/desired-file.md's field table names that the schema does not have").isEmpty();
    }

    @Test
    void theTableReaderFindsRowsOnlyInFieldTables() {
        String md = """
                | file | what |
                | --- | --- |
                | `global.yaml` | not a field |

                | field | type |
                | --- | --- |
                | `spec.version` | string |
                | `spec.state` | enum |
                """;
        assertThat(documentedFields(md)).containsExactly("spec.state", "spec.version");
    }

    static JsonNode desiredFileSchema() throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(REPO.resolve("schema"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode node = new ObjectMapper().readTree(file.toFile());
                if (node.path("properties").has("apiVersion") && node.path("properties").has("kind")) {
                    found.add(node);
                }
            }
        }
        assertThat(found).as("the desired file's schema among schema/*.json").hasSize(1);
        return found.get(0);
    }

    /** Every property path under node, through anyOf/oneOf/allOf alternatives and array items. */
    static void paths(JsonNode node, String prefix, Set<String> out) {
        Iterator<Map.Entry<String, JsonNode>> properties = node.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            String path = prefix.isEmpty() ? property.getKey() : prefix + "." + property.getKey();
            out.add(path);
            paths(property.getValue(), path, out);
        }
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode alternative : node.path(combinator)) {
                paths(alternative, prefix, out);
            }
        }
        if (node.path("items").isObject()) {
            paths(node.path("items"), prefix, out);
        }
    }

    /** The first cells of the rows of every table whose header's first cell is "field". */
    static Set<String> documentedFields(String markdown) {
        Set<String> fields = new TreeSet<>();
        boolean inFieldTable = false;
        for (String line : markdown.split("\n")) {
            if (!line.startsWith("|")) {
                inFieldTable = false;
                continue;
            }
            if (line.matches("^\\|\\s*field\\s*\\|.*")) {
                inFieldTable = true;
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inFieldTable && row.find()) {
                fields.add(row.group(1));
            }
        }
        return fields;
    }
}
