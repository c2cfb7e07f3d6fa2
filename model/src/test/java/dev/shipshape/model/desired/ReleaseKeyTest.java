package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** spec.source.publicKey's two formats, and a signature made with the commands the README gives. */
class ReleaseKeyTest {
    // openssl genpkey -algorithm ed25519 -out signing-key.pem; openssl pkey -in signing-key.pem -pubout
    private static final String PEM = """
            -----BEGIN PUBLIC KEY-----
            MCowBQYDK2VwAyEAXk8XZEXiv5sQcNkk/KeW1kiwkjSOpdkAG1lx8H2HMpw=
            -----END PUBLIC KEY-----
            """;
    // openssl pkey -in signing-key.pem -pubout -outform DER | tail -c 32 | base64
    private static final String RAW = "Xk8XZEXiv5sQcNkk/KeW1kiwkjSOpdkAG1lx8H2HMpw=";
    // printf %s "$(sha256sum pkg.zip | cut -c1-64)" > pkg.zip.sha256hex (pkg.zip holds "hello package")
    private static final String SHA256_HEX = "aee53fb342be0b0be4de05e96134f64af1f72b1d7909fb05dbe3887ac6244525";
    // openssl pkeyutl -sign -rawin -inkey signing-key.pem -in pkg.zip.sha256hex | base64 -w0
    private static final String OPENSSL_SIG =
            "eE431aJgWA12HgmKh0xUVlAv1+TWSzxT2mbZFw33bBfYm3054vPX5JW5kkS1Suz4ZAACPQOv71Keu2jTio97Cw==";

    @Test
    void aSignatureMadeByOpensslVerifiesWithEitherFormOfTheKey() throws Exception {
        for (String written : new String[] {PEM, RAW}) {
            PublicKey key = ReleaseKey.parse(written);
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(key);
            ed.update(SHA256_HEX.getBytes(StandardCharsets.US_ASCII));
            assertThat(ed.verify(Base64.getDecoder().decode(OPENSSL_SIG))).as(written).isTrue();
        }
    }

    @Test
    void anythingElseIsRefusedSayingWhichFormatsAreAccepted() {
        assertThatThrownBy(() -> ReleaseKey.parse("not a key!"))
                .isInstanceOf(FieldException.class).hasMessageContaining("not valid base64")
                .hasMessageContaining("base64 of the raw 32-byte Ed25519 key");
        assertThatThrownBy(() -> ReleaseKey.parse(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("decodes to 16 bytes, not the 32");
        // an RSA-shaped PEM block: base64 fine, not an Ed25519 key
        assertThatThrownBy(() -> ReleaseKey.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("not an Ed25519 public key");
    }

    @Test
    void anHttpSourceWithoutPinOrKeyIsRefusedUnlessInsecure() {
        String url = "http://releases.example.com/s-{version}.zip";
        assertThatThrownBy(() -> new Source(url, null))
                .isInstanceOf(FieldException.class)
                .hasMessageContaining("an http:// source without a checksum pin or a public key")
                .hasMessageContaining("source.insecure: true");
        assertThat(new Source(url, null, null, null, true).insecure()).isTrue();
        assertThat(new Source(url, null, null, RAW, false).signed()).isTrue();
        assertThat(new Source(url, "sha256:" + SHA256_HEX).unverified()).isFalse();
        assertThat(new Source("https://releases.example.com/s-{version}.zip", null).unverified()).isTrue();
    }

    /** A desired file whose http:// source has neither a checksum pin nor a public key. */
    private static final String UNPROTECTED_HTTP = """
            apiVersion: shipshape.dev/v1
            kind: Server
            metadata:
              name: s
            spec:
              version: 1.0.0
              source:
                url: http://releases.example.com/s-{version}.zip
              projectDir: projects/s
            """;

    @Test
    void theDesiredFileReportsTheUnprotectedHttpSourceAtItsUrl() {
        String yaml = UNPROTECTED_HTTP;
        assertThatThrownBy(() -> DesiredFile.parse(Path.of("/srv/s.yaml"), yaml))
                .hasMessageContaining("s.yaml:8:10: spec.source.url: an http:// source without a checksum pin or a public key");
        DesiredFile insecure = DesiredFile.parse(Path.of("/srv/s.yaml"), yaml.replace("  projectDir", "    insecure: true\n  projectDir"));
        assertThat(insecure.spec().source().insecure()).isTrue();
        DesiredFile signed = DesiredFile.parse(Path.of("/srv/s.yaml"),
                yaml.replace("  projectDir", "    publicKey: |\n" + PEM.indent(6) + "  projectDir"));
        assertThat(signed.spec().source().signed()).isTrue();
    }

    @Test
    void theSchemaSaysTheSame() throws Exception {
        String yaml = UNPROTECTED_HTTP;
        assertThat(DesiredSchemaTest.schemaErrors(yaml)).isNotEmpty();
        assertThat(DesiredSchemaTest.schemaErrors(yaml.replace("  projectDir", "    insecure: true\n  projectDir"))).isEmpty();
        assertThat(DesiredSchemaTest.schemaErrors(yaml.replace("  projectDir", "    publicKey: " + RAW + "\n  projectDir"))).isEmpty();
        assertThat(DesiredSchemaTest.schemaErrors(yaml.replace("  projectDir",
                "    publicKey: |\n" + PEM.indent(6) + "  projectDir"))).isEmpty();
        assertThat(DesiredSchemaTest.schemaErrors(yaml.replace("  projectDir",
                "    checksum: sha256:" + SHA256_HEX + "\n  projectDir"))).isEmpty();
        assertThat(DesiredSchemaTest.schemaErrors(yaml.replace("http:", "https:"))).isEmpty();
    }
}
