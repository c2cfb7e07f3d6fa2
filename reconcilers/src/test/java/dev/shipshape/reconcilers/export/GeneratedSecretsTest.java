package dev.shipshape.reconcilers.export;

import dev.shipshape.model.config.ConfigTree;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.model.release.SecretSpec;
import dev.shipshape.model.release.SecretType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedSecretsTest {
    @TempDir
    Path tmp;

    private ReleaseManifest manifest(TestProject p) {
        return p.store().manifest(TestProject.VERSION).orElseThrow();
    }

    @Test
    void generatesEveryTypeWithTheRequestedShape() {
        SecretGenerator g = new SecretGenerator(new SecureRandom());
        assertThat(g.generate(new SecretSpec("a", SecretType.PASSWORD, 32))).matches("[A-Za-z0-9]{32}");
        assertThat(g.generate(new SecretSpec("a", SecretType.HEX, 15))).matches("[0-9a-f]{15}");
        assertThat(Base64.getDecoder().decode(g.generate(new SecretSpec("a", SecretType.BASE64, 24)))).hasSize(24);
    }

    @Test
    void appendsOnlyMissingKeysAndKeepsExistingBytes() throws Exception {
        TestProject p = new TestProject(tmp);
        // no trailing newline, a comment and odd spacing: all must survive byte for byte
        String existing = "# mine\ndb:\n  password:   'kept'   # do not touch";
        p.generatedSecret(existing);
        GeneratedSecrets secrets = TestProject.secrets();

        assertThat(secrets.missing(p.context().paths(), manifest(p))).containsExactly("api.token");
        assertThat(secrets.ensure(p.context().paths(), manifest(p))).containsExactly("api.token");

        Path file = p.context().paths().generatedSecret();
        String after = Files.readString(file);
        assertThat(after).startsWith(existing + "\n# added by shipshape for spacetech-server 1.1.0\napi.token: \"");
        assertThat(after).doesNotContain("db.password:");
        Map<String, Object> tree = new ConfigLoader().loadSecrets(p.context().paths());
        assertThat(ConfigTree.get(tree, "db.password")).isEqualTo("kept");
        assertThat((String) ConfigTree.get(tree, "api.token")).matches("[0-9a-f]{40}");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        TestProject p = new TestProject(tmp);
        GeneratedSecrets secrets = TestProject.secrets();
        assertThat(secrets.ensure(p.context().paths(), manifest(p))).containsExactly("db.password", "api.token");
        Path file = p.context().paths().generatedSecret();
        byte[] first = Files.readAllBytes(file);
        var modified = Files.getLastModifiedTime(file);
        Object inode = Files.readAttributes(file, "unix:ino").get("ino");

        assertThat(secrets.ensure(p.context().paths(), manifest(p))).isEmpty();
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(inode);
        assertThat(new String(first)).containsOnlyOnce("# added by shipshape");
    }

    @Test
    void aKeyInUserSecretIsNotGenerated() throws Exception {
        TestProject p = new TestProject(tmp);
        p.userSecret("db:\n  password: from-user\napi.token: t0k3n-from-user\n");
        assertThat(TestProject.secrets().ensure(p.context().paths(), manifest(p))).isEmpty();
        assertThat(p.context().paths().generatedSecret()).doesNotExist();
    }

    @Test
    void aLooseModeIsTightenedWhenTheFileIsWritten() throws Exception {
        TestProject p = new TestProject(tmp);
        p.generatedSecret("db.password: \"x\"\n");
        Path file = p.context().paths().generatedSecret();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        TestProject.secrets().ensure(p.context().paths(), manifest(p));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var s = Files.list(p.projectDir)) {
            assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
