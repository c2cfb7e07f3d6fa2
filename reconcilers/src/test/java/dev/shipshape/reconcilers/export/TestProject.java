package dev.shipshape.reconcilers.export;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.DesiredServer;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.desired.Metadata;
import dev.shipshape.model.desired.ServerSpec;
import dev.shipshape.model.desired.Source;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** A desired file, a project folder and a tiny stored release package under a temp folder. */
final class TestProject {
    static final Version VERSION = Version.parse("1.1.0");
    static final String MANIFEST = """
            product: spacetech-server
            version: 1.1.0
            upgradeFrom: 1.0.0
            jobs: []
            notices: []
            images:
              web: registry.example.com/spacetech/web:1.1.0
            secrets:
              - {key: db.password, type: password, length: 32}
              - {key: api.token, type: hex, length: 40}
            """;
    static final String DEFAULTS = """
            web:
              port: 8080
              title: Spacetech
            db:
              user: app
            """;
    // Every key is written out (null where unused): model's strict parser currently insists on it.
    static final String COMPOSE = """
            name: null
            version: null
            volumes: null
            services:
              web:
                image: {{images.web}}
                network_mode: host
                env_file: ./web.env
                entrypoint: ["httpd"]
                command: ["-f", "-p", "127.0.0.1:{{web.port}}"]
                environment: null
                volumes:
                  - ./web/index.html:/www/index.html:ro
                healthcheck: null
                depends_on: null
                restart: unless-stopped
                labels: null
                user: null
                working_dir: null
                stop_grace_period: null
            """;

    final Path root;
    final Path projectDir;
    Map<String, Object> config = Map.of();
    Map<String, String> pins = Map.of();

    TestProject(Path root) {
        this.root = root;
        this.projectDir = root.resolve("projects/spacetech");
        write(packageFile("manifest.yaml"), MANIFEST);
        write(packageFile("variables/default.yaml"), DEFAULTS);
        write(packageFile("config/compose.yaml.tmpl"), COMPOSE);
        write(packageFile("config/web.env.tmpl"), "DB_USER={{db.user}}\nDB_PASSWORD={{db.password}}\nTOKEN={{api.token}}\n");
        write(packageFile("config/web/index.html.tmpl"), "<h1>{{web.title}}</h1> {{project.name}} {{release.version}}\n");
        write(packageFile("config/web/logo.svg"), "<svg>{{not a template}}</svg>\n");
    }

    Path packageDir() {
        return context().paths().packageDir(VERSION);
    }

    Path packageFile(String relative) {
        return projectDir.resolve(".shipshape/packages/" + VERSION).resolve(relative);
    }

    ProjectContext context() {
        // Built from the records rather than parsed: the test is about export, not desired-file parsing.
        ServerSpec spec = new ServerSpec(VERSION, new Source("file:///releases/server-{version}.zip", null),
                "projects/spacetech", config, new ImagePins(pins), null, null, null);
        DesiredServer server = new DesiredServer(DesiredServer.API_VERSION, DesiredServer.KIND, new Metadata("spacetech"), spec);
        return ProjectContext.of(new DesiredFile(root.resolve("server.yaml"), server, "test"));
    }

    PackageStore store() {
        return new PackageStore(context().paths());
    }

    void global(String yaml) {
        write(projectDir.resolve("global.yaml"), yaml);
    }

    void generatedSecret(String yaml) {
        write(projectDir.resolve("generated-secret.yaml"), yaml);
    }

    void userSecret(String yaml) {
        write(projectDir.resolve("user-secret"), Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static ConfigLoader loader() {
        return new ConfigLoader();
    }

    static GeneratedSecrets secrets() {
        return new GeneratedSecrets(loader(), new SecretGenerator(new SecureRandom()));
    }

    static ReleaseRenderer renderer() {
        return new ReleaseRenderer(loader(), secrets(), new TemplateRenderer());
    }

    static ExportReconciler reconciler() {
        return new ExportReconciler(loader(), secrets(), renderer());
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
