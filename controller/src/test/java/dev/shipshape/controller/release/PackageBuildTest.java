package dev.shipshape.controller.release;

import dev.shipshape.model.desired.ReleaseKey;
import dev.shipshape.reconcilers.download.ChecksumFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

class PackageBuildTest {
    @TempDir
    Path tmp;

    private static List<Path> build(Path dir, Path out, String pem) throws Exception {
        PackageCheck.Result checked = new PackageCheck().check(dir);
        assertThat(checked.problems()).isEmpty();
        return PackageBuild.build(dir, checked, out, pem, "test key");
    }

    @Test
    void twoBuildsOfTheSamePackageAreByteIdenticalWhateverTheFilesTimes() throws Exception {
        Path dir = ExamplePackages.copy("1.3.0", tmp.resolve("pkg"));
        Path first = build(dir, tmp.resolve("a"), null).get(0);
        Files.setLastModifiedTime(dir.resolve("manifest.yaml"), FileTime.fromMillis(123_456_789_000L));
        Path second = build(dir, tmp.resolve("b"), null).get(0);

        assertThat(first.getFileName()).hasToString("spacetech-server-linux-x64-1.3.0.zip");
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
        try (ZipFile zip = new ZipFile(first.toFile())) {
            assertThat(zip.stream().map(e -> e.getName()).toList()).containsExactly("config/compose.yaml.tmpl",
                    "config/web/index.html.tmpl", "manifest.yaml", "variables/default.yaml");
        }
    }

    @Test
    void theSha256FileIsWhatTheDownloadSideReads() throws Exception {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        List<Path> written = build(dir, tmp.resolve("dist"), null);
        assertThat(written).hasSize(2);
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(written.get(0))));
        String text = Files.readString(written.get(1));
        assertThat(text).isEqualTo(hex + "  spacetech-server-linux-x64-1.0.0.zip\n");
        assertThat(ChecksumFile.parse(text, "test")).isEqualTo(hex);
        // and the zip is a package check accepts
        assertThat(new PackageCheck().check(written.get(0)).problems()).isEmpty();
    }

    @Test
    void theSignatureVerifiesWithThePublicKeyAsSourcePublicKeyWritesIt() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String privatePem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Path dir = ExamplePackages.copy("1.1.0", tmp.resolve("pkg"));
        List<Path> written = build(dir, tmp.resolve("dist"), privatePem);
        assertThat(written).hasSize(3);
        assertThat(written.get(2).getFileName()).hasToString("spacetech-server-linux-x64-1.1.0.zip.sig");
        String hex = ChecksumFile.parse(Files.readString(written.get(1)), "test");
        String sig = Files.readString(written.get(2));
        assertThat(sig).doesNotContain("\n");

        Signature verify = Signature.getInstance("Ed25519");
        verify.initVerify(ReleaseKey.parse(publicPem));
        verify.update(hex.getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getDecoder().decode(sig))).isTrue();
    }

    @Test
    void theZipHoldsTheManifestWithTheVarsFilledIn() throws Exception {
        PackageCheck.Result checked = new PackageCheck().check(ExamplePackages.RELEASES.resolve("1.2.0"),
                ManifestVariables.parse(List.of("REGISTRY=registry.example.com:5000")));
        assertThat(checked.problems()).isEmpty();
        Path zip = PackageBuild.build(ExamplePackages.RELEASES.resolve("1.2.0"), checked, tmp.resolve("dist"), null, null).get(0);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            String manifest = new String(z.getInputStream(z.getEntry("manifest.yaml")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(manifest).contains("registry.example.com:5000/spacetech/api:1.2.0").doesNotContain("${");
        }
        assertThat(new PackageCheck().check(zip).problems()).isEmpty();
    }

    @Test
    void aPackageThatFailsCheckIsNeverBuilt() throws Exception {
        PackageCheck.Result failed = new PackageCheck().check(ExamplePackages.RELEASES.resolve("1.0.0"));
        assertThat(failed.ok()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PackageBuild.build(ExamplePackages.RELEASES.resolve("1.0.0"),
                failed, tmp.resolve("dist"), null, null)).hasMessageContaining("never built");
        assertThat(tmp.resolve("dist")).doesNotExist();
    }

    @Test
    void anOutputFolderInsideThePackageIsRefused() {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> build(dir, dir.resolve("dist"), null))
                .hasMessageContaining("inside the package folder");
    }
}
