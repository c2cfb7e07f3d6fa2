package dev.shipshape.reconcilers.badinput;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.DesiredServer;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.desired.Metadata;
import dev.shipshape.model.desired.ServerSpec;
import dev.shipshape.model.desired.Source;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.GeneratedSecrets;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.reconcilers.export.SecretGenerator;
import dev.shipshape.reconcilers.export.TemplateRenderer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The corpus of hostile and malformed project configuration and release packages under
 * {@code src/test/resources/bad-input/cases/} (see its README): each case is rendered the way a
 * reconciliation prepares a release, and must be refused with an error that names the file, says
 * what is wrong and what to do ({@code expected.txt}), and never quotes a secret.
 */
class BadInputCorpusTest {
    static final Version VERSION = Version.parse("1.1.0");
    static final String DB_PASSWORD = "Corpus-db-Passw0rd-4c1f9e0a7b2d";
    static final String API_TOKEN = "c0ffee00deadbeef1234567890abcdef";

    @TempDir
    Path tmp;

    static Path corpus() {
        try {
            return Path.of(BadInputCorpusTest.class.getResource("/bad-input").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(corpus().resolve("cases"))) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAClearMessage(String name) throws IOException {
        Path caseDir = corpus().resolve("cases").resolve(name);
        Project p = new Project(tmp);
        p.installBasePackage();
        if (Files.isDirectory(caseDir.resolve("package"))) {
            copyTree(caseDir.resolve("package"), p.packageDir());
        }
        if (Files.isRegularFile(caseDir.resolve("global.yaml"))) {
            Files.copy(caseDir.resolve("global.yaml"), p.projectDir.resolve("global.yaml"));
        }
        Expected expected = Expected.read(caseDir.resolve("expected.txt"), p);
        expected.check(p.prepare());
    }

    /** Inputs too big, too deep or too binary to keep as files: built here, checked the same way. */
    static Stream<Arguments> generatedCases() {
        return Stream.of(
                Arguments.of("global-1mb-value", (Setup) p -> write(p.projectDir.resolve("global.yaml"),
                        "web:\n  title: \"" + "x".repeat(1_000_001) + "\"\n"),
                        List.of("{project}/global.yaml: the file is larger than 1000000 characters", "fix global.yaml")),
                Arguments.of("global-deeply-nested", (Setup) p -> write(p.projectDir.resolve("global.yaml"),
                        "web: " + "[".repeat(5000) + "]".repeat(5000) + "\n"),
                        List.of("{project}/global.yaml: not valid YAML: Document nesting depth (65) exceeds the maximum allowed (64", "fix global.yaml")),
                Arguments.of("global-not-utf8", (Setup) p -> Files.write(p.projectDir.resolve("global.yaml"),
                        new byte[] {'w', 'e', 'b', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'}),
                        List.of("{project}/global.yaml: is not UTF-8 text; save it as UTF-8")),
                Arguments.of("template-symlink-to-etc-passwd", (Setup) p -> Files.createSymbolicLink(
                        p.packageDir().resolve("config/passwd.tmpl"), Path.of("/etc/passwd")),
                        List.of("{package}/config/passwd.tmpl: is a symbolic link; a release package must not point outside itself")),
                Arguments.of("config-folder-symlink", (Setup) p -> {
                    copyTree(p.packageDir().resolve("config"), p.root.resolve("elsewhere"));
                    deleteTree(p.packageDir().resolve("config"));
                    Files.createSymbolicLink(p.packageDir().resolve("config"), p.root.resolve("elsewhere"));
                }, List.of("{package}/config: a release package needs a config/ folder (not a symbolic link)")),
                Arguments.of("defaults-symlink", (Setup) p -> {
                    Files.delete(p.packageDir().resolve("variables/default.yaml"));
                    Files.createSymbolicLink(p.packageDir().resolve("variables/default.yaml"), Path.of("/etc/hostname"));
                }, List.of("{package}/variables/default.yaml: is not a regular file (a symbolic link or a folder)")));
    }

    interface Setup {
        void apply(Project p) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generatedCases")
    void generatedInputIsRefusedWithAClearMessage(String name, Setup setup, List<String> contains) throws IOException {
        Project p = new Project(tmp);
        p.installBasePackage();
        setup.apply(p);
        List<String> resolved = contains.stream().map(c -> c.replace("{package}", p.packageDir().toString())
                .replace("{project}", p.projectDir.toString())).toList();
        new Expected("InvalidInputException", resolved).check(p.prepare());
    }

    /** A project folder with a stored package of 1.1.0 and its secrets already generated. */
    static final class Project {
        final Path root;
        final Path projectDir;

        Project(Path root) {
            this.root = root;
            this.projectDir = root.resolve("projects/spacetech");
        }

        Path packageDir() {
            return projectDir.resolve(".shipshape/packages/" + VERSION);
        }

        void installBasePackage() {
            copyTree(corpus().resolve("base-package"), packageDir());
            write(projectDir.resolve("generated-secret.yaml"),
                    "db.password: \"" + DB_PASSWORD + "\"\napi.token: \"" + API_TOKEN + "\"\n");
        }

        ProjectContext context() {
            ServerSpec spec = new ServerSpec(VERSION, new Source("file:///releases/server-{version}.zip", null),
                    "projects/spacetech", Map.of(), new ImagePins(Map.of()), null, null, null);
            DesiredServer server = new DesiredServer(DesiredServer.API_VERSION, DesiredServer.KIND, new Metadata("spacetech"), spec);
            return ProjectContext.of(new DesiredFile(root.resolve("server.yaml"), server, "test"));
        }

        /** What a reconciliation does with a stored package: the desired state, rendered and parsed. */
        Throwable prepare() {
            ConfigLoader config = new ConfigLoader();
            GeneratedSecrets secrets = new GeneratedSecrets(config, new SecretGenerator(new SecureRandom()));
            ReleaseRenderer renderer = new ReleaseRenderer(config, secrets, new TemplateRenderer());
            ProjectContext ctx = context();
            return catchThrowable(() -> {
                DesiredState state = renderer.desiredState(ctx, new PackageStore(ctx.paths()));
                assertThat(state.rendered()).as("rendered (no secret is missing)").isNotNull();
            });
        }
    }

    /** expected.txt: `error: <exception class>` and `contains: <text>` lines; {package} and {project} stand for the folders. */
    record Expected(String type, List<String> contains) {
        static Expected read(Path file, Project p) throws IOException {
            String type = null;
            List<String> contains = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.replace("{package}", p.packageDir().toString()).replace("{project}", p.projectDir.toString());
                if (l.startsWith("error: ")) {
                    type = l.substring("error: ".length()).strip();
                } else if (l.startsWith("contains: ")) {
                    contains.add(l.substring("contains: ".length()));
                } else if (!l.isBlank() && !l.startsWith("#")) {
                    throw new IllegalArgumentException(file + ": cannot read the line '" + line + "'");
                }
            }
            if (type == null || contains.isEmpty()) {
                throw new IllegalArgumentException(file + " needs an `error:` line and at least one `contains:` line");
            }
            return new Expected(type, contains);
        }

        void check(Throwable thrown) {
            assertThat(thrown).as("the input must be refused").isNotNull();
            String message = String.valueOf(thrown.getMessage());
            assertThat(thrown.getClass().getSimpleName()).as(message).isEqualTo(type);
            for (String c : contains) {
                assertThat(message).contains(c);
            }
            assertThat(message).doesNotContain(DB_PASSWORD).doesNotContain(API_TOKEN);
        }
    }

    static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path src : walk.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.createDirectories(dst.getParent());
                    Files.copy(src, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
