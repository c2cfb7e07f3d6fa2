package dev.shipshape.model.desired;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DesiredFileTest {
    private static final Path FILE = Path.of("server.yaml");
    private static final String SHA = "sha256:" + "ab".repeat(32);

    static final String VALID = """
            apiVersion: shipshape.dev/v1
            kind: Server
            metadata:
              name: spacetech
            spec:
              version: 3.8.1
              source:
                url: https://releases.example.com/server-linux-x64-{version}.zip
              projectDir: projects/spacetech
            """;

    @BeforeEach
    void knownBugs() {
    }

    private static DesiredFile parse(String text) {
        return DesiredFile.parse(FILE, text);
    }

    private static InvalidInputException refused(String text) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> parse(text));
        assertThat(e).as("expected an InvalidInputException for:%n%s", text).isNotNull();
        assertThat(e.getMessage()).startsWith("server.yaml");
        assertThat(e.file()).isEqualTo("server.yaml");
        return e;
    }

    /** Asserts the message names file:line:col when the exception knows them. */
    private static void assertLocated(InvalidInputException e, int line) {
        assertThat(e.line()).isEqualTo(line);
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage()).startsWith("server.yaml:" + line + ":" + e.column() + ": ");
    }

    @Test
    void validFileParsesWithDefaults() {
        DesiredFile f = parse(VALID);
        assertThat(f.project()).isEqualTo("spacetech");
        ServerSpec spec = f.spec();
        assertThat(spec.version()).isEqualTo(Version.parse("3.8.1"));
        assertThat(spec.source().url()).isEqualTo("https://releases.example.com/server-linux-x64-{version}.zip");
        assertThat(spec.source().checksum()).isNull();
        assertThat(spec.source().pinnedSha256()).isNull();
        assertThat(spec.source().urlFor(spec.version()).toString())
                .isEqualTo("https://releases.example.com/server-linux-x64-3.8.1.zip");
        assertThat(spec.projectDir()).isEqualTo("projects/spacetech");
        assertThat(spec.config()).isEmpty();
        assertThat(spec.images().digests()).isEmpty();
        assertThat(spec.rollout().healthTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(spec.rollout().autoRollback()).isTrue();
        assertThat(spec.rollout().allowDowngrade()).isFalse();
        assertThat(spec.rollout().window()).isNull();
        assertThat(spec.state()).isEqualTo(RunState.RUNNING);
        assertThat(spec.suspend()).isFalse();
        assertThat(spec.suspended()).isFalse();
        assertThat(f.generation()).matches("[0-9a-f]{64}");
        assertThat(f.projectDir()).isEqualTo(FILE.toAbsolutePath().getParent().resolve("projects/spacetech"));
    }

    @Test
    void fullFileParses() {
        DesiredFile f = DesiredFile.parse(FILE, """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: space_tech-2
                spec:
                  version: 3.8.1-rc.2
                  source:
                    url: file:///srv/releases/server-{version}.zip
                    checksum: %s
                  projectDir: ./projects/../projects/spacetech
                  config:
                    mainDomain: example.org
                    smtp: {host: mail.example.org, port: 587}
                  images:
                    digests:
                      web: %s
                    credentialsFile: secrets/registries.yaml
                    offline: images/offline
                    pull: never
                  rollout:
                    healthTimeout: 1m30s
                    autoRollback: false
                    allowDowngrade: true
                    window: null
                  state: stopped
                  suspend: true
                """.formatted(SHA.toUpperCase().replace("SHA256", "sha256"), SHA), true);
        ServerSpec spec = f.spec();
        assertThat(f.project()).isEqualTo("space_tech-2");
        assertThat(spec.source().checksum()).isEqualTo(SHA);
        assertThat(spec.source().pinnedSha256()).isEqualTo("ab".repeat(32));
        assertThat(spec.config()).containsEntry("mainDomain", "example.org");
        assertThat(spec.images().digests()).containsEntry("web", SHA);
        assertThat(spec.images().credentialsFile()).isEqualTo("secrets/registries.yaml");
        assertThat(spec.images().offline()).isEqualTo("images/offline");
        assertThat(spec.images().pull()).isEqualTo(ImagePullPolicy.NEVER);
        assertThat(spec.rollout().healthTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(spec.rollout().autoRollback()).isFalse();
        assertThat(spec.rollout().allowDowngrade()).isTrue();
        assertThat(spec.state()).isEqualTo(RunState.STOPPED);
        assertThat(spec.suspended()).isTrue();
    }

    @Test
    void theDownloadAndPullTimeoutsDefaultAndParseAsDurations() {
        ServerSpec defaults = parse(VALID).spec();
        assertThat(defaults.source().timeout()).isEqualTo(Source.DEFAULT_TIMEOUT);
        assertThat(defaults.images().pullTimeout()).isEqualTo(ImagePins.DEFAULT_PULL_TIMEOUT);

        ServerSpec set = parse(VALID.replace("  projectDir: projects/spacetech",
                "  projectDir: projects/spacetech\n  images:\n    pullTimeout: 2m30s")
                .replace("    url: https://releases.example.com/server-linux-x64-{version}.zip",
                        "    url: https://releases.example.com/server-linux-x64-{version}.zip\n    timeout: 45s")).spec();
        assertThat(set.source().timeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(set.images().pullTimeout()).isEqualTo(java.time.Duration.ofSeconds(150));
    }

    @Test
    void aTimeoutThatIsNotADurationIsRefusedNamingTheField() {
        InvalidInputException e = refused(VALID.replace("  projectDir: projects/spacetech",
                "  projectDir: projects/spacetech\n  images:\n    pullTimeout: soon"));
        assertThat(e.field()).isEqualTo("spec.images.pullTimeout");
        assertThat(e.getMessage()).contains("not a duration");
        InvalidInputException zero = refused(VALID.replace("    url: https://releases.example.com/server-linux-x64-{version}.zip",
                "    url: https://releases.example.com/server-linux-x64-{version}.zip\n    timeout: 0s"));
        assertThat(zero.field()).isEqualTo("spec.source.timeout");
        assertThat(zero.getMessage()).contains("between 1s and 24h");
    }

    @Test
    void generationIsTheSha256OfTheTextAndChangesWithIt() {
        DesiredFile a = parse(VALID);
        DesiredFile same = parse(VALID);
        DesiredFile b = parse(VALID.replace("3.8.1", "3.8.2"));
        DesiredFile comment = parse(VALID + "# a comment\n");
        assertThat(a.generation()).isEqualTo(same.generation());
        assertThat(a.generation()).isEqualTo(dev.shipshape.model.config.ConfigHash.sha256(VALID));
        assertThat(b.generation()).isNotEqualTo(a.generation());
        assertThat(comment.generation()).isNotEqualTo(a.generation());
    }

    @Test
    void unknownFieldIsRefusedNamingItsPathAndPosition() {
        InvalidInputException e = refused(VALID + "  suspnd: true\n");
        assertThat(e.line()).isPositive();
        assertThat(e.field()).isEqualTo("spec.suspnd");
        assertThat(e.getMessage()).contains("spec.suspnd").contains("unknown field 'suspnd'").contains("suspend");
    }

    @Test
    void typoOfARequiredFieldIsReportedAsTheUnknownField() {
        InvalidInputException e = refused(VALID.replace("  version: 3.8.1", "  verison: 3.8.1"));
        assertThat(e.field()).isEqualTo("spec.verison");
        assertThat(e.getMessage()).contains("spec.verison").contains("unknown field 'verison'");
    }

    @Test
    void unknownFieldIsReportedAtItsOwnLine() {
        InvalidInputException e = refused(VALID.replace("  projectDir: projects/spacetech",
                "  sspend: true\n  projectDir: projects/spacetech"));
        assertLocated(e, 9);
    }

    @Test
    void unknownTopLevelFieldIsRefused() {
        InvalidInputException e = refused(VALID + "status: {}\n");
        assertThat(e.getMessage()).contains("status");
        assertLocated(e, 10);
    }

    @Test
    void wrongApiVersionIsRefused() {
        InvalidInputException e = refused(VALID.replace("shipshape.dev/v1", "shipshape.dev/v2"));
        assertThat(e.getMessage()).contains("apiVersion").contains("shipshape.dev/v1").contains("shipshape.dev/v2");
        assertThat(e.line()).isPositive();
    }

    @Test
    void wrongKindIsRefused() {
        InvalidInputException e = refused(VALID.replace("kind: Server", "kind: Deployment"));
        assertThat(e.getMessage()).contains("kind").contains("Server").contains("Deployment");
        assertThat(e.line()).isPositive();
    }

    @Test
    void missingVersionIsRefusedNamingIt() {
        InvalidInputException e = refused(VALID.replace("  version: 3.8.1\n", ""));
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).contains("required");
        assertThat(e.field()).isEqualTo("spec.version");
        assertThat(e.getMessage()).contains("spec.version");
    }

    @Test
    void missingSpecIsRefused() {
        InvalidInputException e = refused("""
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: spacetech
                """);
        assertThat(e.getMessage()).contains("spec").contains("required");
    }

    @Test
    void nullVersionIsRefusedNotAcceptedAsNull() {
        // "version:" with no value is YAML null; required=true only checks presence.
        InvalidInputException e = refused(VALID.replace("  version: 3.8.1", "  version:"));
        assertThat(e.getMessage()).contains("spec.version");
    }

    @Test
    void nullSpecIsRefusedNotANullPointerException() {
        InvalidInputException e = refused("""
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: spacetech
                spec:
                """);
        assertThat(e.getMessage()).contains("spec");
    }

    @Test
    void nullSourceIsRefused() {
        InvalidInputException e = refused("""
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: spacetech
                spec:
                  version: 1.0.0
                  source:
                  projectDir: p
                """);
        assertThat(e.getMessage()).contains("spec.source");
    }

    @Test
    void versionThatIsNotAVersionIsRefused() {
        InvalidInputException e = refused(VALID.replace("3.8.1", "latest"));
        assertLocated(e, 6);
        assertThat(e.field()).isEqualTo("spec.version");
        assertThat(e.getMessage()).contains("spec.version").contains("'latest' is not a version");
    }

    @Test
    void badSourceUrlSchemeIsRefused() {
        InvalidInputException e = refused(VALID.replace("https://", "ftp://"));
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).contains("spec.source").contains("url").contains("ftp://").contains("http://, https:// or file://");
    }

    @Test
    void badSourceFieldsAreNamedExactly() {
        assertThat(refused(VALID.replace("https://", "ftp://")).field()).isEqualTo("spec.source.url");
        assertThat(refused(VALID.replace("zip\n  projectDir", "zip\n    checksum: md5:1234\n  projectDir")).field())
                .isEqualTo("spec.source.checksum");
    }

    @Test
    void badChecksumIsRefused() {
        InvalidInputException e = refused(VALID.replace("zip\n  projectDir", "zip\n    checksum: md5:1234\n  projectDir"));
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).contains("spec.source").contains("checksum").contains("64 hex digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../elsewhere", "projects/../../elsewhere", "..", "/etc/shipshape"})
    void projectDirOutsideTheFileFolderIsRefused(String dir) {
        InvalidInputException e = refused(VALID.replace("projects/spacetech", dir));
        assertThat(e.field()).isEqualTo("spec.projectDir");
        assertThat(e.getMessage()).contains("spec.projectDir").contains(dir);
    }

    @Test
    void projectDirThatLooksLikeDotsButIsAName() {
        assertThat(parse(VALID.replace("projects/spacetech", "..projects")).spec().projectDir()).isEqualTo("..projects");
    }

    @Test
    void stateOtherThanRunningOrStoppedIsRefused() {
        InvalidInputException e = refused(VALID + "  state: paused\n");
        assertLocated(e, 10);
        assertThat(e.field()).isEqualTo("spec.state");
        assertThat(e.getMessage()).contains("spec.state").contains("paused").contains("running").contains("stopped");
    }

    @Test
    void healthTimeoutThatIsNotADurationIsRefused() {
        InvalidInputException e = refused(VALID + "  rollout:\n    healthTimeout: forever\n");
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).contains("spec.rollout").contains("'forever' is not a duration");
    }

    @Test
    void healthTimeoutOutOfRangeIsRefused() {
        InvalidInputException e = refused(VALID + "  rollout:\n    healthTimeout: 0s\n");
        assertThat(e.getMessage()).contains("healthTimeout");
        e = refused(VALID + "  rollout:\n    healthTimeout: 25h\n");
        assertThat(e.getMessage()).contains("healthTimeout");
    }

    // maintenance window parsing and its errors: MaintenanceWindowTest

    @ParameterizedTest
    @ValueSource(strings = {"SpaceTech", "-spacetech", "space tech", "space.tech"})
    void invalidProjectNameIsRefused(String name) {
        InvalidInputException e = refused(VALID.replace("name: spacetech", "name: \"" + name + "\""));
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).contains("metadata").contains("'" + name + "' is not a valid project name");
    }

    @Test
    void badImagePinIsRefused() {
        InvalidInputException e = refused(VALID + "  images:\n    digests:\n      web: sha256:abc\n");
        assertThat(e.getMessage()).contains("spec.images").contains("web");
    }

    /** Whoever writes the desired file (a Git commit's author) must not choose which of root's files are read. */
    @ParameterizedTest
    @ValueSource(strings = {
            "  images:\n    credentialsFile: ../../../../root/.docker/config.json\n",
            "  images:\n    offline: /var/lib/docker\n",
            "  images:\n    offline: tarballs/../../elsewhere\n"})
    void filesOutsideTheFolderOfTheDesiredFileAreRefused(String images) {
        InvalidInputException e = refused(VALID + images);
        assertThat(e.field()).startsWith("spec.images.");
        assertThat(e.getMessage()).contains("is outside " + FILE.toAbsolutePath().getParent().normalize(),
                "the folder of this file", "--allow-paths-outside");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///root/.ssh/id_ed25519?{version}", "/etc/shadow", "../../releases/s-{version}.zip"})
    void aReleaseSourceOutsideTheFolderOfTheDesiredFileIsRefused(String url) {
        InvalidInputException e = refused(VALID.replace("https://releases.example.com/server-linux-x64-{version}.zip", url));
        assertThat(e.field()).isEqualTo("spec.source.url");
        assertThat(e.getMessage()).contains("'" + url + "' is outside", "--allow-paths-outside");
    }

    @Test
    void filesInsideTheFolderOrAllowedByTheOperatorAreAccepted() {
        String inside = VALID.replace("https://releases.example.com/server-linux-x64-{version}.zip", "releases/s-{version}.zip")
                + "  images:\n    credentialsFile: secrets/registries.yaml\n    offline: ./tarballs\n";
        assertThat(parse(inside).spec().images().offline()).isEqualTo("./tarballs");
        String outside = VALID.replace("https://releases.example.com/server-linux-x64-{version}.zip", "/srv/r/s-{version}.zip");
        assertThat(DesiredFile.parse(FILE, outside, true).spec().source().url()).isEqualTo("/srv/r/s-{version}.zip");
    }

    @Test
    void imagePullPolicyDefaultsToAlwaysMissingAndRefusesUnknownValues() {
        DesiredFile f = DesiredFile.parse(Path.of("server.yaml"), VALID + "  images:\n    offline: tarballs\n");
        assertThat(f.spec().images().pull()).isEqualTo(ImagePullPolicy.ALWAYS_MISSING);
        assertThat(f.spec().images().offline()).isEqualTo("tarballs");
        InvalidInputException e = refused(VALID + "  images:\n    pull: sometimes\n");
        assertThat(e.getMessage()).contains("spec.images").contains("pull");
    }

    @Test
    void yamlSyntaxErrorIsRefusedWithPosition() {
        InvalidInputException e = refused(VALID.replace("  projectDir: projects/spacetech", "  projectDir: \"projects"));
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).matches("(?s)server\\.yaml:\\d+:\\d+: .*not valid YAML.*");
        e = refused(VALID.replace("kind: Server", "kind: Server: x"));
        assertLocated(e, 2);
        assertThat(e.getMessage()).contains("not valid YAML");
    }

    @Test
    void duplicateKeyIsRefused() {
        InvalidInputException e = refused(VALID + "  version: 3.9.0\n");
        assertLocated(e, 10);
        assertThat(e.getMessage()).contains("version").containsIgnoringCase("duplicate");
    }

    @Test
    void duplicateKeyInsideFreeFormConfigIsRefused() {
        InvalidInputException e = refused(VALID + "  config:\n    a: 1\n    a: 2\n");
        assertThat(e.getMessage()).containsIgnoringCase("duplicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n\n", "\t"})
    void emptyFileIsRefused(String text) {
        InvalidInputException e = refused(text);
        assertThat(e.getMessage()).isEqualTo("server.yaml: the file is empty");
    }

    @Test
    void commentOnlyFileIsRefused() {
        InvalidInputException e = refused("# nothing here\n");
        assertThat(e.getMessage()).startsWith("server.yaml");
    }

    @Test
    void listAtTheTopIsRefused() {
        InvalidInputException e = refused("- a\n- b\n");
        assertThat(e.getMessage()).contains("mapping");
    }

    @Test
    void oversizedFileIsRefused() {
        String huge = VALID + "# " + "x".repeat(dev.shipshape.model.Yaml.MAX_DOCUMENT_CHARS) + "\n";
        InvalidInputException e = refused(huge);
        assertThat(e.getMessage()).contains("larger than");
    }
}
