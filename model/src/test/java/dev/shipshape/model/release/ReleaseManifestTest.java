package dev.shipshape.model.release;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ReleaseManifestTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    static final String VALID = """
            product: spacetech-server
            version: 1.1.0
            upgradeFrom: 1.0.0
            images:
              web: registry.example.com/spacetech/web:1.1.0
              api: 127.0.0.1:5000/spacetech/api:1.1.0@%s
              db: localhost:5000/spacetech/db
            secrets:
              - {key: db.password, type: password, length: 32}
              - {key: api.token, type: hex}
            jobs:
              - {name: migrate, service: api, command: [/bin/migrate], when: upgrade, before: [api]}
            notices:
              - "add report.<mainDomain> to your DNS"
            """.formatted(DIGEST);

    @BeforeEach
    void knownBugs() {
    }

    private static InvalidInputException refused(String text) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> ReleaseManifest.parse("manifest.yaml", text));
        assertThat(e).as("expected refusal of:%n%s", text).isNotNull();
        assertThat(e.getMessage()).startsWith("manifest.yaml");
        return e;
    }

    @Test
    void validManifestParses() {
        ReleaseManifest m = ReleaseManifest.parse("manifest.yaml", VALID);
        assertThat(m.product()).isEqualTo("spacetech-server");
        assertThat(m.version()).isEqualTo(Version.parse("1.1.0"));
        assertThat(m.upgradeFrom()).isEqualTo(Version.parse("1.0.0"));
        assertThat(m.images()).containsOnlyKeys("web", "api", "db");
        assertThat(m.images().keySet()).containsExactly("web", "api", "db");

        ImageRef web = m.images().get("web");
        assertThat(web).isEqualTo(new ImageRef("registry.example.com/spacetech/web", "1.1.0", null));
        ImageRef api = m.images().get("api");
        assertThat(api.repository()).isEqualTo("127.0.0.1:5000/spacetech/api");
        assertThat(api.tag()).isEqualTo("1.1.0");
        assertThat(api.digest()).isEqualTo(DIGEST);
        ImageRef db = m.images().get("db");
        assertThat(db.repository()).isEqualTo("localhost:5000/spacetech/db");
        assertThat(db.tag()).isEqualTo("latest");

        assertThat(m.secrets()).containsExactly(new SecretSpec("db.password", SecretType.PASSWORD, 32),
                new SecretSpec("api.token", SecretType.HEX, 32));
        assertThat(m.secrets().get(0).path()).containsExactly("db", "password");
        assertThat(m.jobs()).singleElement().satisfies(j -> {
            assertThat(j.name()).isEqualTo("migrate");
            assertThat(j.when()).isEqualTo(JobSpec.When.UPGRADE);
            assertThat(j.command()).containsExactly("/bin/migrate");
            assertThat(j.before()).containsExactly("api");
        });
        assertThat(m.notices()).containsExactly("add report.<mainDomain> to your DNS");
    }

    @Test
    void minimalManifestHasEmptyOptionalLists() {
        ReleaseManifest m = ReleaseManifest.parse("manifest.yaml", """
                product: p
                version: 1.0.0
                images: {web: web:1}
                """);
        assertThat(m.upgradeFrom()).isNull();
        assertThat(m.secrets()).isEmpty();
        assertThat(m.jobs()).isEmpty();
        assertThat(m.notices()).isEmpty();
    }

    @Test
    void unknownKeyIsRefused() {
        InvalidInputException e = refused(VALID + "upgrade_from: 1.0.0\n");
        assertThat(e.getMessage()).contains("upgrade_from").contains("unknown field");
        e = refused(VALID.replace("length: 32}", "length: 32, lenght: 3}"));
        assertThat(e.getMessage()).contains("lenght");
        assertThat(e.field()).isEqualTo("secrets[0].lenght");
    }

    @Test
    void missingImagesIsRefused() {
        assertThat(refused("product: p\nversion: 1.0.0\n").getMessage()).contains("images");
        assertThat(refused("product: p\nversion: 1.0.0\nimages: {}\n").getMessage()).contains("images");
    }

    @Test
    void invalidImageIsRefusedNamingTheService() {
        InvalidInputException e = refused(VALID.replace("registry.example.com/spacetech/web:1.1.0", "Registry.example.com/SpaceTech/Web:1"));
        assertThat(e.getMessage()).contains("images.web").contains("lower case");
    }

    @Test
    void duplicateSecretKeyIsRefused() {
        InvalidInputException e = refused(VALID.replace("{key: api.token, type: hex}", "{key: db.password, type: hex}"));
        assertThat(e.getMessage()).contains("'db.password' is declared twice");
    }

    @Test
    void badSecretTypeOrLengthIsRefused() {
        assertThat(refused(VALID.replace("type: hex}", "type: uuid}")).getMessage()).contains("secrets[1].type");
        assertThat(refused(VALID.replace("length: 32}", "length: 4}")).getMessage()).contains("between 8 and 1024");
        assertThat(refused(VALID.replace("key: db.password", "key: db..password")).getMessage()).contains("not a secret key");
    }

    @Test
    void upgradeFromNewerThanVersionIsRefused() {
        InvalidInputException e = refused(VALID.replace("upgradeFrom: 1.0.0", "upgradeFrom: 1.2.0"));
        assertThat(e.getMessage()).contains("upgradeFrom 1.2.0 is newer than the version 1.1.0");
        // equal is fine
        assertThat(ReleaseManifest.parse("m", VALID.replace("upgradeFrom: 1.0.0", "upgradeFrom: 1.1.0")).upgradeFrom())
                .isEqualTo(Version.parse("1.1.0"));
    }

    @Test
    void badJobWhenIsRefused() {
        assertThat(refused(VALID.replace("when: upgrade", "when: always")).getMessage()).contains("jobs[0].when");
    }

    // --- ImageRef ---

    @Test
    void pullReferenceUsesTheDigestWhenThereIsOne() {
        ImageRef r = ImageRef.parse("registry.example.com:5000/spacetech/api:1.1.0@" + DIGEST);
        assertThat(r.pullReference()).isEqualTo("registry.example.com:5000/spacetech/api@" + DIGEST);
        assertThat(r.taggedName()).isEqualTo("registry.example.com:5000/spacetech/api:1.1.0");
        assertThat(r.toString()).isEqualTo("registry.example.com:5000/spacetech/api:1.1.0@" + DIGEST);
        assertThat(r.withoutDigest().pullReference()).isEqualTo("registry.example.com:5000/spacetech/api:1.1.0");
    }

    @Test
    void pullReferenceUsesTheTagWithoutDigest() {
        assertThat(ImageRef.parse("127.0.0.1:5000/web:2").pullReference()).isEqualTo("127.0.0.1:5000/web:2");
        assertThat(ImageRef.parse("busybox:1.36.1").pullReference()).isEqualTo("busybox:1.36.1");
    }

    @Test
    void tagDefaultsToLatest() {
        ImageRef r = ImageRef.parse("localhost:5000/spacetech/web");
        assertThat(r.repository()).isEqualTo("localhost:5000/spacetech/web");
        assertThat(r.tag()).isEqualTo("latest");
        assertThat(r.pullReference()).isEqualTo("localhost:5000/spacetech/web:latest");
        assertThat(ImageRef.parse("busybox").pullReference()).isEqualTo("busybox:latest");
    }

    @Test
    void digestOnlyReferenceHasNoTag() {
        ImageRef r = ImageRef.parse("busybox@" + DIGEST);
        assertThat(r.tag()).isNull();
        assertThat(r.pullReference()).isEqualTo("busybox@" + DIGEST);
        assertThat(r.taggedName()).isEqualTo("busybox:latest");
        assertThat(r.toString()).isEqualTo("busybox@" + DIGEST);
    }

    @Test
    void parseAndToStringRoundTrip() {
        for (String s : new String[]{"a/b:1", "r.example.com:443/a/b-c_d:1.0", "a@" + DIGEST, "a:1@" + DIGEST}) {
            assertThat(ImageRef.parse(s).toString()).isEqualTo(s);
            assertThat(ImageRef.parse(ImageRef.parse(s).toString())).isEqualTo(ImageRef.parse(s));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Spacetech/Web:1", "example.com/Web", "UPPER", "web:", "", " ", "web :1", "web@sha256:abc",
            "web@md5:" + "0123456789abcdef0123456789abcdef", "-web:1", "web//x:1"})
    void invalidReferencesAreRefused(String text) {
        assertThatThrownBy(() -> ImageRef.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void upperCaseRepositoryMessageSaysLowerCase() {
        assertThatThrownBy(() -> ImageRef.parse("registry.example.com/Spacetech/web:1"))
                .hasMessageContaining("'registry.example.com/Spacetech/web:1'").hasMessageContaining("lower case");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web:bad tag", "web:no!pe", "web:" + "x129xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "web:.x"})
    void invalidTagsAreRefused(String text) {
        assertThatThrownBy(() -> ImageRef.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
