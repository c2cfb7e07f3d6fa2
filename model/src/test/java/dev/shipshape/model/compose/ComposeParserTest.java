package dev.shipshape.model.compose;

import dev.shipshape.model.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ComposeParserTest {

    static final String EXAMPLE = """
            # rendered
            services:
              db:
                image: "127.0.0.1:5000/spacetech/db:1.0.0"
                command: ["/bin/sh", "/app/run.sh"]
                environment:
                  DB_PORT: "18303"
                  DB_PASSWORD: "s3cret"
                volumes:
                  - db-data:/data
                healthcheck:
                  test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:18303/health"]
                  interval: 1s
                  timeout: 2s
                  retries: 3
                  start_period: 5s
                restart: unless-stopped
                labels:
                  com.spacetech.tier: "data"
                network_mode: host
              api:
                image: "127.0.0.1:5000/spacetech/api:1.1.0"
                command: /bin/sh -c 'exec /app/run.sh --port 18302'
                environment:
                  - API_PORT=18302
                  - EMPTY
                  - EQ=a=b
                env_file: api.env
                depends_on:
                  db: {condition: service_healthy}
                restart: "on-failure:3"
                labels:
                  - com.spacetech.tier=backend
                network_mode: host
              web:
                image: "127.0.0.1:5000/spacetech/web:1.1.0"
                volumes:
                  - ./web/index.html:/www/index.html:ro
                  - ./web/assets:/www/assets
                healthcheck:
                  test: wget -q http://127.0.0.1:18301/
                depends_on: [api]
                restart: always
                network_mode: host
            volumes:
              db-data: {}
            """;

    static final Map<String, String> FILES = Map.of("api.env", "# comment\nAPI_PORT=1\nAPI_GREETING=hello world\n\nFROM_FILE=x\n");

    private static ComposeParser parser() {
        return new ComposeParser("compose.yaml", p -> Optional.ofNullable(FILES.get(p)));
    }

    private static ComposeProject parse(String text) {
        return parser().parse(text);
    }

    private static InvalidInputException refused(String text) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> parse(text));
        assertThat(e).as("expected refusal of:%n%s", text).isNotNull();
        assertThat(e.getMessage()).startsWith("compose.yaml");
        return e;
    }

    private static String oneService(String body) {
        return "services:\n  app:\n    image: app:1\n    network_mode: host\n" + body.indent(4);
    }

    @BeforeEach
    void knownBugs() {
    }

    @Test
    void parsesTheExampleTemplateForm() {
        ComposeProject p = parse(EXAMPLE);
        assertThat(p.services().keySet()).containsExactly("db", "api", "web");
        assertThat(p.volumes()).containsExactly("db-data");

        ServiceSpec db = p.services().get("db");
        assertThat(db.image()).isEqualTo("127.0.0.1:5000/spacetech/db:1.0.0");
        assertThat(db.command()).containsExactly("/bin/sh", "/app/run.sh");
        assertThat(db.entrypoint()).isNull();
        assertThat(db.environment()).containsExactly(Map.entry("DB_PASSWORD", "s3cret"), Map.entry("DB_PORT", "18303"));
        assertThat(db.volumes()).containsExactly(new VolumeMount(VolumeMount.Kind.NAMED, "db-data", "/data", false));
        assertThat(db.volumes().get(0).dockerVolumeName("spacetech")).isEqualTo("spacetech_db-data");
        assertThat(db.healthcheck()).isEqualTo(new HealthCheck(
                List.of("CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:18303/health"),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofSeconds(5)));
        assertThat(db.restart()).isEqualTo("unless-stopped");
        assertThat(db.labels()).containsExactly(Map.entry("com.spacetech.tier", "data"));
        assertThat(db.networkMode()).isEqualTo("host");
        assertThat(db.dependsOn()).isEmpty();
        assertThat(db.containerName("spacetech")).isEqualTo("spacetech-db-1");

        ServiceSpec api = p.services().get("api");
        assertThat(api.command()).containsExactly("/bin/sh", "-c", "exec /app/run.sh --port 18302");
        // env_file first, environment overrides it
        assertThat(api.environment()).containsExactly(Map.entry("API_GREETING", "hello world"), Map.entry("API_PORT", "18302"),
                Map.entry("EMPTY", ""), Map.entry("EQ", "a=b"), Map.entry("FROM_FILE", "x"));
        assertThat(api.dependsOn()).containsExactly(new DependsOn("db", DependsOn.Condition.SERVICE_HEALTHY));
        assertThat(api.restart()).isEqualTo("on-failure:3");
        assertThat(api.labels()).containsExactly(Map.entry("com.spacetech.tier", "backend"));
        assertThat(api.healthcheck()).isNull();

        ServiceSpec web = p.services().get("web");
        assertThat(web.command()).isNull();
        assertThat(web.volumes()).containsExactly(
                new VolumeMount(VolumeMount.Kind.BIND, "web/index.html", "/www/index.html", true),
                new VolumeMount(VolumeMount.Kind.BIND, "web/assets", "/www/assets", false));
        assertThat(web.healthcheck().test()).containsExactly("CMD-SHELL", "wget -q http://127.0.0.1:18301/");
        assertThat(web.healthcheck().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(web.healthcheck().retries()).isEqualTo(3);
        assertThat(web.healthcheck().startPeriod()).isEqualTo(Duration.ZERO);
        assertThat(web.dependsOn()).containsExactly(new DependsOn("api", DependsOn.Condition.SERVICE_STARTED));
        assertThat(web.dependencyNames()).containsExactly("api");
    }

    @Test
    void topLevelNameAndVersionAreAccepted() {
        assertThat(parse("name: spacetech\nversion: \"3.8\"\n" + oneService("")).services()).containsOnlyKeys("app");
    }

    @Test
    void healthcheckNoneOrDisabledMeansNoHealthCheck() {
        assertThat(parse(oneService("healthcheck:\n  test: [\"NONE\"]")).services().get("app").healthcheck()).isNull();
        assertThat(parse(oneService("healthcheck:\n  disable: true")).services().get("app").healthcheck()).isNull();
    }

    @Test
    void unknownServiceKeyIsRefused() {
        InvalidInputException e = refused(oneService("ports: [\"8080:8080\"]"));
        assertThat(e.getMessage()).contains("services.app.ports").contains("unknown field 'ports'");
        assertThat(e.line()).isPositive();
    }

    @Test
    void unknownTopLevelKeyIsRefused() {
        assertThat(refused(oneService("") + "networks:\n  default: {}\n").getMessage()).contains("networks");
    }

    @Test
    void networkModeMustBeHost() {
        String missing = "services:\n  app:\n    image: app:1\n";
        assertThat(refused(missing).getMessage()).contains("services.app.network_mode").contains("must be 'host'").contains("nothing");
        assertThat(refused(missing + "    network_mode: bridge\n").getMessage())
                .contains("services.app.network_mode").contains("'bridge'");
    }

    @Test
    void missingImageIsRefused() {
        assertThat(refused("services:\n  app:\n    network_mode: host\n").getMessage()).contains("services.app.image");
    }

    @Test
    void noServicesIsRefused() {
        assertThat(refused("services: {}\n").getMessage()).contains("services");
        assertThat(refused("volumes: {}\n").getMessage()).contains("services");
    }

    @Test
    void undeclaredNamedVolumeIsRefused() {
        InvalidInputException e = refused(oneService("volumes: [\"data:/data\"]"));
        assertThat(e.getMessage()).contains("services.app.volumes").contains("named volume 'data' is not declared");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x:/y", "/etc:/etc", "~/x:/y", "./../x:/y", "./a/../../x:/y", "./:/y"})
    void bindOutsideTheExportIsRefused(String spec) {
        InvalidInputException e = refused(oneService("volumes: [\"" + spec + "\"]"));
        assertThat(e.getMessage()).contains("services.app.volumes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "data:", ":/x", "./a:relative", "./a:/x:rx", "./a:/x:ro:z"})
    void malformedVolumeIsRefused(String spec) {
        assertThat(refused(oneService("volumes: [\"" + spec + "\"]") + "volumes: {data: {}}\n").getMessage())
                .contains("services.app.volumes");
    }

    @Test
    void dependsOnUnknownServiceIsRefused() {
        InvalidInputException e = refused(oneService("depends_on: [ghost]"));
        assertThat(e.getMessage()).contains("services.app.depends_on").contains("'ghost'");
    }

    @Test
    void dependsOnItselfIsRefused() {
        assertThat(refused(oneService("depends_on: [app]")).getMessage()).contains("itself");
    }

    @Test
    void dependencyCycleIsRefusedNamingTheCycle() {
        String text = """
                services:
                  a: {image: a:1, network_mode: host, depends_on: [b]}
                  b: {image: b:1, network_mode: host, depends_on: {c: {condition: service_started}}}
                  c: {image: c:1, network_mode: host, depends_on: [a]}
                  d: {image: d:1, network_mode: host, depends_on: [a]}
                """;
        InvalidInputException e = refused(text);
        assertThat(e.getMessage()).contains("dependency cycle: a -> b -> c -> a");
    }

    @Test
    void unsupportedDependsOnConditionOrKeyIsRefused() {
        String two = "services:\n  db: {image: db:1, network_mode: host}\n  app:\n    image: app:1\n    network_mode: host\n";
        assertThat(refused(two + "    depends_on: {db: {condition: service_ready}}\n").getMessage())
                .contains("services.app.depends_on.db.condition").contains("service_ready");
        assertThat(refused(two + "    depends_on: {db: {condition: service_started, restart: true}}\n").getMessage())
                .contains("restart");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sometimes", "Always", "on_failure"})
    void badRestartIsRefused(String restart) {
        InvalidInputException e = refused(oneService("restart: " + restart));
        assertThat(e.getMessage()).contains("services.app.restart").contains("'" + restart + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"on-failure:abc", "\"on-failure:\"", "on-failure:-1"})
    void badOnFailureCountIsRefused(String restart) {
        assertThat(refused(oneService("restart: " + restart)).getMessage()).contains("services.app.restart");
    }

    @Test
    void envFileIsReadThroughTheLookupFunction() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        ComposeParser p = new ComposeParser("compose.yaml", path -> {
            asked.add(path);
            return path.equals("env/app.env") ? Optional.of("A=1\r\nB = 2\n") : Optional.empty();
        });
        ServiceSpec app = p.parse(oneService("env_file: [./env/app.env]\nenvironment: {B: 3}")).services().get("app");
        assertThat(asked).containsExactly("env/app.env");
        assertThat(app.environment()).containsExactly(Map.entry("A", "1"), Map.entry("B", "3"));
    }

    @Test
    void missingOrEscapingEnvFileIsRefused() {
        assertThat(refused(oneService("env_file: nope.env")).getMessage())
                .contains("services.app.env_file").contains("'nope.env' is not a file of the export");
        assertThat(refused(oneService("env_file: ../secret.env")).getMessage())
                .contains("services.app.env_file").contains("inside the export folder");
        assertThat(refused(oneService("env_file: bad.env").replace("x", "x")).getMessage()).contains("env_file");
    }

    @Test
    void envFileLineWithoutEqualsIsRefused() {
        ComposeParser p = new ComposeParser("compose.yaml", path -> Optional.of("JUSTAKEY\n"));
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> p.parse(oneService("env_file: a.env")));
        assertThat(e.getMessage()).contains("KEY=VALUE");
    }

    @Test
    void nestedEnvironmentValueIsRefused() {
        assertThat(refused(oneService("environment: {A: [1, 2]}")).getMessage()).contains("services.app.environment.A");
    }

    @Test
    void badHealthcheckIsRefused() {
        assertThat(refused(oneService("healthcheck: {test: [\"RUN\", \"x\"]}")).getMessage()).contains("CMD, CMD-SHELL or NONE");
        assertThat(refused(oneService("healthcheck: {interval: 5s}")).getMessage()).contains("services.app.healthcheck.test");
        assertThat(refused(oneService("healthcheck: {test: [CMD, x], interval: soon}")).getMessage())
                .contains("services.app.healthcheck.interval").contains("'soon'");
        assertThat(refused(oneService("healthcheck: {test: [CMD, x], retries: 0}")).getMessage()).contains("retries");
    }

    @Test
    void invalidImageReferenceIsRefused() {
        assertThat(refused("services:\n  app:\n    image: Not/Valid:1\n    network_mode: host\n").getMessage())
                .contains("services.app.image");
    }

    @Test
    void startOrderRespectsDependenciesAndIsStable() {
        ComposeProject p = parse("""
                services:
                  web: {image: w:1, network_mode: host, depends_on: [api, cache]}
                  zeta: {image: z:1, network_mode: host}
                  api: {image: a:1, network_mode: host, depends_on: [db]}
                  cache: {image: c:1, network_mode: host}
                  db: {image: d:1, network_mode: host}
                """);
        List<String> order = p.startOrder().stream().map(ServiceSpec::name).toList();
        assertThat(order).containsExactly("cache", "db", "api", "web", "zeta");
        assertThat(p.startOrder().stream().map(ServiceSpec::name).toList()).isEqualTo(order);
        assertThat(p.findCycle()).isEmpty();
        assertThat(parse(EXAMPLE).startOrder()).extracting(ServiceSpec::name).containsExactly("db", "api", "web");
    }

    @Test
    void specsAreEqualWhateverOrderMapsWereWrittenIn() {
        ServiceSpec a = parse(oneService("environment: {A: 1, B: 2}\nlabels: {x: 1, y: 2}")).services().get("app");
        ServiceSpec b = parse(oneService("environment: [B=2, A=1]\nlabels: {y: 2, x: 1}")).services().get("app");
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aSecondDocumentCannotHideAService() {
        InvalidInputException e = refused(oneService("") + "---\nservices:\n  hidden:\n    image: evil:1\n");
        assertThat(e).hasMessageContaining(":6:1: ").hasMessageContaining("a second YAML document starts here");
    }
}
