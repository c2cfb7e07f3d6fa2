package dev.shipshape.model.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.shipshape.model.Problem;
import dev.shipshape.model.YamlTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * schema/shipshape-server.schema.json (packaged in the model jar for `shipshape schema`) says what
 * {@link DesiredFileValidator} accepts: both accept every desired file of examples/ and the README, and
 * both refuse the invalid corpus, except the few semantic checks a JSON schema cannot make (listed below).
 */
class DesiredSchemaTest {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Corpus files only the reader refuses: a version number above 2^31-1, a projectDir that leaves the folder only
     * once normalised, start equal to end, an unknown time zone, a duration beyond 24h. A schema pattern for these
     * would be unreadable or impossible.
     */
    static final Set<String> READER_ONLY = Set.of(
            "18-huge-version-number.yaml",
            "22-project-dir-escapes-once-normalised.yaml",
            "27-window-start-equals-end.yaml",
            "28-unknown-time-zone.yaml",
            "36-health-timeout-out-of-range.yaml");

    static Schema schema() throws IOException {
        try (InputStream in = DesiredSchemaTest.class.getResourceAsStream("/dev/shipshape/schema/shipshape-server.schema.json")) {
            assertThat(in).as("the schema is packaged in the model jar").isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    /**
     * The document as an editor's YAML 1.2 reader sees it: {@code yes}/{@code on} are strings there, so they are
     * strings here too; a number keeps its value. Returns null when the YAML layer itself refuses the file (syntax,
     * duplicate keys, a second document, no document): no schema is consulted then, the file is refused anyway.
     */
    static JsonNode asJson(String text) {
        if (text.isBlank()) {
            return null;
        }
        YamlTree.Parsed parsed = YamlTree.parse(text);
        if (parsed.root() == null || !parsed.problems().isEmpty()) {
            return null;
        }
        return toJson(parsed.root());
    }

    private static JsonNode toJson(YamlTree.Node node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof YamlTree.MapNode m) {
            ObjectNode o = f.objectNode();
            m.entries().forEach(e -> o.set(e.key(), toJson(e.value())));
            return o;
        }
        if (node instanceof YamlTree.ListNode l) {
            ArrayNode a = f.arrayNode();
            l.items().forEach(i -> a.add(toJson(i)));
            return a;
        }
        YamlTree.ScalarNode s = (YamlTree.ScalarNode) node;
        if (s.isNull()) {
            return f.nullNode();
        }
        if (s.isBoolean()) {
            return s.text().equalsIgnoreCase("true") || s.text().equalsIgnoreCase("false")
                    ? f.booleanNode(Boolean.parseBoolean(s.text().toLowerCase())) : f.textNode(s.text());
        }
        if (s.isNumber()) {
            try {
                return f.numberNode(new BigDecimal(s.text()));
            } catch (NumberFormatException e) {
                return f.textNode(s.text());
            }
        }
        return f.textNode(s.text());
    }

    static List<Error> schemaErrors(String text) throws IOException {
        JsonNode doc = asJson(text);
        return doc == null ? null : schema().validate(doc);
    }

    static Stream<Path> exampleDesiredFiles() throws IOException {
        try (Stream<Path> files = Files.walk(REPO.resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/dist/"))
                    .filter(p -> read(p).contains("apiVersion: shipshape.dev/v1")).toList().stream();
        }
    }

    static Stream<String> readmeDesiredFiles() throws IOException {
        // the README and every page of docs/ (the desired-file reference holds the annotated example)
        List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md")));
        try (Stream<Path> docs = Files.list(REPO.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> found = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(read(page));
            while (m.find()) {
                if (m.group(1).startsWith("apiVersion: shipshape.dev/v1")) {
                    found.add(m.group(1));
                }
            }
        }
        return found.stream();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thereAreExamplesToCheck() throws IOException {
        assertThat(exampleDesiredFiles().count()).isPositive();
        assertThat(readmeDesiredFiles().count()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("exampleDesiredFiles")
    void everyExampleDesiredFileIsAcceptedByBothAndPointsEditorsAtTheSchema(Path file) throws IOException {
        String text = read(file);
        assertThat(DesiredFileValidator.problems(text)).isEmpty();
        assertThat(schemaErrors(text)).isEmpty();
        String modeline = text.lines().filter(l -> l.startsWith("# yaml-language-server: $schema=")).findFirst().orElseThrow();
        Path target = file.getParent().resolve(modeline.substring(modeline.indexOf('=') + 1).trim()).normalize();
        assertThat(target).isEqualTo(REPO.resolve("schema/shipshape-server.schema.json"));
    }

    @ParameterizedTest
    @MethodSource("readmeDesiredFiles")
    void everyDesiredFileOfTheReadmeIsAcceptedByBoth(String text) throws IOException {
        assertThat(DesiredFileValidator.problems(text)).isEmpty();
        assertThat(schemaErrors(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "  version: 1.10\n",
            "  version: v2.0.0-rc.1+build.5\n  config:\n  images:\n  rollout:\n  state:\n  suspend:\n",
            "  config: {a: [1, 2], b: {c: null}}\n  images:\n    digests: {web: sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + "}\n    pull: never\n",
            "  rollout:\n    healthTimeout: 1h30m\n    autoRollback: False\n    window:\n      days: [Saturday, SUN]\n      start: \"22:00\"\n      end: \"02:00\"\n      timeZone: Europe/Berlin\n",
            "  rollout:\n    window: null\n  state: stopped\n  suspend: TRUE\n",
            "  rollout:\n    approval: required\n",
            "  runtime: swarm\n  swarm:\n    replicas: {web: 3, api: 0}\n    placement: {db: node-1, cache: \"node.labels.disk==ssd\"}\n",
            "  runtime: host\n  swarm:\n",
    })
    void validVariantsAreAcceptedByBoth(String extra) throws IOException {
        String text = DesiredFileTest.VALID.replace("  version: 3.8.1\n", extra.contains("version:") ? "" : "  version: 3.8.1\n") + extra;
        assertThat(DesiredFileValidator.problems(text)).isEmpty();
        assertThat(schemaErrors(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.shipshape.model.desired.InvalidDesiredCorpusTest#corpusFiles")
    void theSchemaRefusesTheInvalidCorpusToo(String name) throws IOException {
        String text = read(InvalidDesiredCorpusTest.CORPUS.resolve(name));
        List<Problem> reader = DesiredFileValidator.problems(text);
        List<Error> schema = schemaErrors(text);
        assertThat(reader).isNotEmpty();
        if (READER_ONLY.contains(name)) {
            assertThat(schema).as("%s is listed as reader-only: the schema accepts it", name).isEmpty();
        } else if (schema != null) {
            assertThat(schema).as("%s: the schema refuses it as well", name).isNotEmpty();
        }
    }

    @Test
    void everyPropertyOfTheSchemaIsDescribed() throws IOException {
        JsonNode root = JSON.readTree(REPO.resolve("schema/shipshape-server.schema.json").toFile());
        List<String> undescribed = new ArrayList<>();
        walk(root, "", undescribed);
        assertThat(undescribed).isEmpty();
    }

    private static void walk(JsonNode schema, String path, List<String> undescribed) {
        if (!schema.has("description")) {
            undescribed.add(path.isEmpty() ? "(root)" : path);
        }
        JsonNode props = schema.get("properties");
        if (props != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), undescribed);
            }
        }
        for (String sub : List.of("items", "additionalProperties")) {
            if (schema.get(sub) != null && schema.get(sub).isObject()) {
                walk(schema.get(sub), path + "." + sub, undescribed);
            }
        }
    }

    @Test
    void theSchemaIsValidDraft202012() throws IOException {
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        JsonNode doc = JSON.readTree(REPO.resolve("schema/shipshape-server.schema.json").toFile());
        assertThat(meta.validate(doc)).isEmpty();
    }
}
