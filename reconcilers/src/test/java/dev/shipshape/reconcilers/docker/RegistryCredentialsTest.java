package dev.shipshape.reconcilers.docker;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.DesiredServer;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.desired.Metadata;
import dev.shipshape.model.desired.ServerSpec;
import dev.shipshape.model.desired.Source;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryCredentialsTest {
    static final String PASSWORD = "s3cr3t-Pa55word";

    @TempDir
    Path root;

    ProjectContext project(String credentialsFile) {
        ServerSpec spec = new ServerSpec(Version.parse("1.1.0"), new Source("file:///r/s-{version}.zip", null),
                "projects/p", Map.of(), new ImagePins(Map.of(), credentialsFile, null, null), null, null, null);
        DesiredServer server = new DesiredServer(DesiredServer.API_VERSION, DesiredServer.KIND, new Metadata("p"), spec);
        return ProjectContext.of(new DesiredFile(root.resolve("server.yaml"), server, "test"));
    }

    void userSecret(String yaml) throws IOException {
        Path f = root.resolve("projects/p/user-secret");
        Files.createDirectories(f.getParent());
        Files.writeString(f, Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    Path dockerConfig(String json) throws IOException {
        Path dir = root.resolve("docker");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), json);
        return dir;
    }

    @Test
    void userSecretWinsOverTheCredentialsFileWhichWinsOverConfigJson() throws IOException {
        String basic = Base64.getEncoder().encodeToString("cfg:cfgpass".getBytes(StandardCharsets.UTF_8));
        Path docker = dockerConfig("""
                {"auths": {"https://127.0.0.1:5001": {"auth": "%s"}, "127.0.0.1:5002": {"auth": "%s"},
                           "127.0.0.1:5003": {"username": "u3", "password": "p3"}, "https://index.docker.io/v1/": {"auth": "%s"}}}
                """.formatted(basic, basic, basic));
        Files.writeString(root.resolve("creds.yaml"), """
                registries:
                  127.0.0.1:5001: {username: file, password: filepass}
                  127.0.0.1:5004: {username: file4, password: filepass4}
                """);
        userSecret("""
                db: {password: x}
                registries:
                  127.0.0.1:5001: {username: secret, password: %s}
                """.formatted(PASSWORD));
        RegistryCredentials c = RegistryCredentials.load(project("creds.yaml"), docker);
        assertThat(c.forRegistry("127.0.0.1:5001").orElseThrow().username()).isEqualTo("secret");
        assertThat(c.forRegistry("127.0.0.1:5001").orElseThrow().source()).endsWith("user-secret");
        assertThat(c.forRegistry("127.0.0.1:5004").orElseThrow().username()).isEqualTo("file4");
        assertThat(c.forRegistry("127.0.0.1:5002").orElseThrow().password()).isEqualTo("cfgpass");
        assertThat(c.forRegistry("127.0.0.1:5003").orElseThrow().username()).isEqualTo("u3");
        assertThat(c.forRegistry("docker.io").orElseThrow().username()).isEqualTo("cfg");
        assertThat(c.forRegistry("127.0.0.1:5000")).isEmpty();
        assertThat(c.forRegistry("127.0.0.1:5001").orElseThrow().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void theRegistriesKeyOfUserSecretNeverReachesTheConfiguration() throws IOException {
        userSecret("db: {password: x}\nregistries:\n  127.0.0.1:5001: {username: u, password: " + PASSWORD + "}\n");
        Map<String, Object> secrets = new ConfigLoader().loadSecrets(project(null).paths());
        assertThat(secrets).containsKey("db").doesNotContainKey("registries");
        assertThat(secrets.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingCredentialsFileOrABadEntryIsAnErrorWithoutTheValues() throws IOException {
        assertThatThrownBy(() -> RegistryCredentials.load(project("nope.yaml"), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("spec.images.credentialsFile");
        userSecret("registries:\n  127.0.0.1:5001: {password: " + PASSWORD + "}\n");
        assertThatThrownBy(() -> RegistryCredentials.load(project(null), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("username and password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void scrubRemovesThePasswordAndItsBasicAuthForm() throws IOException {
        userSecret("registries:\n  127.0.0.1:5001: {username: u, password: " + PASSWORD + "}\n");
        RegistryCredentials.Credential c = RegistryCredentials.load(project(null), null).forRegistry("127.0.0.1:5001").orElseThrow();
        String basic = Base64.getEncoder().encodeToString(("u:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(c.scrub("x " + PASSWORD + " y " + basic)).isEqualTo("x *** y ***");
    }

    @Test
    void registryOfAnImageIsItsFirstComponentWhenThatIsAHost() {
        assertThat(RegistryCredentials.registryOf(ImageRef.parse("127.0.0.1:5001/spacetech/web:1.1.0"))).isEqualTo("127.0.0.1:5001");
        assertThat(RegistryCredentials.registryOf(ImageRef.parse("registry.example.com/a/b"))).isEqualTo("registry.example.com");
        assertThat(RegistryCredentials.registryOf(ImageRef.parse("localhost/a"))).isEqualTo("localhost");
        assertThat(RegistryCredentials.registryOf(ImageRef.parse("library/busybox"))).isEqualTo("docker.io");
        assertThat(RegistryCredentials.registryOf(ImageRef.parse("busybox"))).isEqualTo("docker.io");
    }
}
