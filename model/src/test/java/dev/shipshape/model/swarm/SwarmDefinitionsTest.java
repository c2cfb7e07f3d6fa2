package dev.shipshape.model.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.desired.SwarmSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class SwarmDefinitionsTest {
    static final String COMPOSE = """
            services:
              db:
                image: r/db:1
                volumes: [db-data:/data]
                network_mode: host
              api:
                image: r/api:1
                environment: {A: "1"}
                depends_on: {db: {condition: service_healthy}}
                network_mode: host
              web:
                image: r/web:1
                volumes: [./web/index.html:/www/index.html:ro]
                depends_on: {api: {condition: service_healthy}}
                network_mode: host
            volumes:
              db-data: {}
            """;
    static final Map<String, String> IMAGES = Map.of("db", "r/db@sha256:aa", "api", "r/api@sha256:bb", "web", "r/web@sha256:cc");

    static ComposeProject parse(String text) {
        return new ComposeParser("compose.yaml", p -> Optional.of("x")).parse(text);
    }

    static Function<String, Optional<byte[]>> files(String index) {
        return p -> p.equals("web/index.html") ? Optional.of(index.getBytes(StandardCharsets.UTF_8)) : Optional.empty();
    }

    @Test
    void oneNodeSwarmPinsTheStatefulServiceToItsNodeAndCarriesFilesAsConfigs() {
        List<SwarmServiceDefinition> defs = SwarmDefinitions.define("shop", parse(COMPOSE), IMAGES, files("<h1>hi</h1>"),
                SwarmSpec.NONE, List.of("node-a"));
        assertThat(defs).extracting(SwarmServiceDefinition::name).containsExactly("shop_db", "shop_api", "shop_web");
        assertThat(defs.get(0).constraints()).containsExactly("node.hostname==node-a");
        assertThat(defs.get(0).stateful()).isTrue();
        assertThat(defs.get(1).constraints()).isEmpty();
        SwarmServiceDefinition.CarriedFile f = defs.get(2).configs().get(0);
        assertThat(f.target()).isEqualTo("/www/index.html");
        assertThat(f.configName()).startsWith("shop_web_web_index.html-").hasSizeLessThanOrEqualTo(64);
    }

    @Test
    void aChangedFileChangesTheConfigNameAndTheHashOnlyOfItsService() {
        List<SwarmServiceDefinition> a = SwarmDefinitions.define("shop", parse(COMPOSE), IMAGES, files("one"), SwarmSpec.NONE, List.of("n"));
        List<SwarmServiceDefinition> b = SwarmDefinitions.define("shop", parse(COMPOSE), IMAGES, files("two"), SwarmSpec.NONE, List.of("n"));
        assertThat(a.get(2).configs().get(0).configName()).isNotEqualTo(b.get(2).configs().get(0).configName());
        assertThat(a.get(2).configHash()).isNotEqualTo(b.get(2).configHash());
        assertThat(a.get(0).configHash()).isEqualTo(b.get(0).configHash());
        assertThat(a.get(1).configHash()).isEqualTo(b.get(1).configHash());
    }

    @Test
    void severalNodesNeedAPlacementForStateAndReplicasScaleStatelessServices() {
        assertThatThrownBy(() -> SwarmDefinitions.define("shop", parse(COMPOSE), IMAGES, files("x"), SwarmSpec.NONE,
                List.of("n1", "n2", "n3")))
                .isInstanceOf(SwarmRefusedException.class)
                .hasMessageContaining("service 'db' keeps data in a named volume")
                .hasMessageContaining("spec.swarm.placement.db")
                .hasMessageContaining("n1, n2, n3");
        List<SwarmServiceDefinition> defs = SwarmDefinitions.define("shop", parse(COMPOSE), IMAGES, files("x"),
                new SwarmSpec(Map.of("web", 3), Map.of("db", "n2")), List.of("n1", "n2", "n3"));
        assertThat(defs.get(0).constraints()).containsExactly("node.hostname==n2");
        assertThat(defs.get(2).replicas()).isEqualTo(3);
    }

    @Test
    void folderBindsStatefulReplicasAndUnknownServicesAreRefusedAllAtOnce() {
        String compose = COMPOSE.replace("./web/index.html:/www/index.html:ro", "./web:/www");
        assertThatThrownBy(() -> SwarmDefinitions.define("shop", parse(compose), IMAGES, files("x"),
                new SwarmSpec(Map.of("db", 2, "cache", 1), Map.of()), List.of("n1")))
                .isInstanceOfSatisfying(SwarmRefusedException.class, e -> assertThat(e.reasons()).hasSize(3))
                .hasMessageContaining("binds ./web, which is not a file of the export")
                .hasMessageContaining("remove spec.swarm.replicas.db")
                .hasMessageContaining("spec.swarm.replicas names 'cache'");
    }

    @Test
    void aFileHoldingASecretIsCarriedAsASecretAndItsContentNeverPrinted() {
        String secret = "s3cret-value-123";
        List<SwarmServiceDefinition> plain = SwarmDefinitions.define("shop", parse(COMPOSE), IMAGES, files("<p>" + secret + "</p>"),
                SwarmSpec.NONE, List.of("n"));
        List<SwarmServiceDefinition> secretive = SwarmDefinitions.define("shop", parse(COMPOSE), IMAGES, files("<p>" + secret + "</p>"),
                c -> new String(c, StandardCharsets.UTF_8).contains(secret), SwarmSpec.NONE, List.of("n"));
        assertThat(plain.get(2).configs().get(0).secret()).isFalse();
        SwarmServiceDefinition.CarriedFile f = secretive.get(2).configs().get(0);
        assertThat(f.secret()).isTrue();
        assertThat(f.configName()).isEqualTo(plain.get(2).configs().get(0).configName());
        assertThat(secretive.get(2).configHash()).as("a file turned secret rolls the service").isNotEqualTo(plain.get(2).configHash());
        assertThat(secretive.get(2).toString()).doesNotContain(f.contentBase64());
    }
}
