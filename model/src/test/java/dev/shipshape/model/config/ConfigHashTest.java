package dev.shipshape.model.config;

import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.compose.ServiceSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigHashTest {
    private static final String COMPOSE = """
            services:
              api:
                image: api:1
                environment: {A: "1", B: "2"}
                labels: {x: "1", y: "2"}
                network_mode: host
              web:
                image: web:1
                volumes: ["./web/index.html:/www/index.html:ro", "./web/assets:/www/assets"]
                network_mode: host
            """;
    private static final Map<String, String> FILES = Map.of(
            "compose.yaml", "c0", "web/index.html", "i0", "web/assets/a.css", "a0", "webapp/other", "o0", "api.conf", "x0");

    @BeforeEach
    void knownBugs() {
    }

    private static ComposeProject parse(String text) {
        return new ComposeParser("compose.yaml", p -> Optional.empty()).parse(text);
    }

    private static String hash(ComposeProject p, String service, Map<String, String> files) {
        return ConfigHash.of(p.services().get(service), files);
    }

    private static Map<String, String> with(String path, String digest) {
        Map<String, String> m = new HashMap<>(FILES);
        m.put(path, digest);
        return m;
    }

    @Test
    void sameSpecInAnotherMapOrderHashesTheSame() {
        ComposeProject a = parse(COMPOSE);
        ComposeProject b = parse(COMPOSE.replace("{A: \"1\", B: \"2\"}", "{B: \"2\", A: \"1\"}")
                .replace("{x: \"1\", y: \"2\"}", "[y=2, x=1]"));
        assertThat(hash(b, "api", FILES)).isEqualTo(hash(a, "api", FILES));
        assertThat(hash(a, "api", FILES)).matches("[0-9a-f]{64}");
        assertThat(hash(a, "api", new java.util.TreeMap<>(FILES))).isEqualTo(hash(a, "api", FILES));
    }

    @Test
    void environmentChangeChangesTheHash() {
        ComposeProject a = parse(COMPOSE);
        ComposeProject b = parse(COMPOSE.replace("B: \"2\"", "B: \"3\""));
        assertThat(hash(b, "api", FILES)).isNotEqualTo(hash(a, "api", FILES));
        assertThat(hash(b, "web", FILES)).isEqualTo(hash(a, "web", FILES));
    }

    @Test
    void imageOrCommandChangeChangesTheHash() {
        ComposeProject a = parse(COMPOSE);
        assertThat(hash(parse(COMPOSE.replace("api:1", "api:2")), "api", FILES)).isNotEqualTo(hash(a, "api", FILES));
        assertThat(hash(parse(COMPOSE.replace("image: api:1", "image: api:1\n    command: [x]")), "api", FILES))
                .isNotEqualTo(hash(a, "api", FILES));
    }

    @Test
    void boundFileContentChangeChangesOnlyTheServiceThatMountsIt() {
        ComposeProject p = parse(COMPOSE);
        Map<String, String> changed = with("web/index.html", "i1");
        assertThat(hash(p, "web", changed)).isNotEqualTo(hash(p, "web", FILES));
        assertThat(hash(p, "api", changed)).isEqualTo(hash(p, "api", FILES));
    }

    @Test
    void fileInsideABoundFolderCountsToo() {
        ComposeProject p = parse(COMPOSE);
        assertThat(hash(p, "web", with("web/assets/a.css", "a1"))).isNotEqualTo(hash(p, "web", FILES));
        assertThat(hash(p, "web", with("web/assets/new.css", "n0"))).isNotEqualTo(hash(p, "web", FILES));
    }

    @Test
    void unrelatedFileChangeKeepsTheHash() {
        ComposeProject p = parse(COMPOSE);
        assertThat(hash(p, "web", with("api.conf", "x1"))).isEqualTo(hash(p, "web", FILES));
        assertThat(hash(p, "web", with("webapp/other", "o1"))).isEqualTo(hash(p, "web", FILES));
        assertThat(hash(p, "web", with("compose.yaml", "c1"))).isEqualTo(hash(p, "web", FILES));
        assertThat(hash(p, "api", with("web/index.html", "i1"))).isEqualTo(hash(p, "api", FILES));
    }

    @Test
    void dependsOnDoesNotChangeTheContainer() {
        String base = "services:\n  db: {image: d:1, network_mode: host}\n  app: {image: a:1, network_mode: host";
        ServiceSpec a = parse(base + "}\n").services().get("app");
        ServiceSpec b = parse(base + ", depends_on: [db]}\n").services().get("app");
        assertThat(ConfigHash.of(a, FILES)).isEqualTo(ConfigHash.of(b, FILES));
    }

    @Test
    void ofFilesChangesWithAnyPathOrContent() {
        String h = ConfigHash.ofFiles(FILES);
        assertThat(ConfigHash.ofFiles(new java.util.TreeMap<>(FILES))).isEqualTo(h);
        assertThat(ConfigHash.ofFiles(with("api.conf", "x1"))).isNotEqualTo(h);
        assertThat(ConfigHash.ofFiles(with("new", "n"))).isNotEqualTo(h);
        assertThat(ConfigHash.sha256("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
