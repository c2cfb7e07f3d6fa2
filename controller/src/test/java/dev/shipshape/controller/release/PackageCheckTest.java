package dev.shipshape.controller.release;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackageCheckTest {
    @TempDir
    Path tmp;

    static List<String> versions() {
        return ExamplePackages.versions();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void theExamplesPackagesPassAsFoldersAndAsZips(String version) throws Exception {
        Path dir = ExamplePackages.copy(version, tmp.resolve("pkg"));
        PackageCheck.Result folder = new PackageCheck().check(dir);
        assertThat(folder.problems()).isEmpty();
        assertThat(folder.manifest().version()).hasToString(version);

        Path zip = tmp.resolve("pkg.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            PackageZip.write(dir, out);
        }
        assertThat(new PackageCheck().check(zip).problems()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void theExamplesFoldersAsCommittedPassWithTheRegistryGivenAsAVar(String version) {
        Path dir = ExamplePackages.RELEASES.resolve(version);
        assertThat(new PackageCheck().check(dir, ManifestVariables.parse(List.of("REGISTRY=127.0.0.1:5000"))).problems()).isEmpty();
        List<String> unset = new PackageCheck().check(dir).problems();
        assertThat(unset).isNotEmpty().allSatisfy(p -> assertThat(p).contains(dir.resolve("manifest.yaml") + ":")
                .contains("${REGISTRY}").contains("--var REGISTRY=VALUE"));
    }

    @Test
    void aManifestFieldTheContractLacksIsRefusedWithItsLine() {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path manifest = dir.resolve("manifest.yaml");
        ExamplePackages.write(manifest, ExamplePackages.read(manifest).replace("images:", "imagez: {}\nimages:"));
        List<String> problems = new PackageCheck().check(dir).problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains(manifest.toString()).contains("manifest.yaml:3:").contains("imagez");
    }

    @Test
    void aBadSecretTypeIsRefused() {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path manifest = dir.resolve("manifest.yaml");
        ExamplePackages.write(manifest, ExamplePackages.read(manifest).replace("type: hex", "type: uuid"));
        List<String> problems = new PackageCheck().check(dir).problems();
        assertThat(problems).singleElement().asString().contains(manifest.toString()).contains("uuid");
    }

    @Test
    void aComposeKeyOutsideTheSubsetIsRefusedNamingTheTemplateAndLine() {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path compose = dir.resolve("config/compose.yaml.tmpl");
        ExamplePackages.write(compose, ExamplePackages.read(compose).replace("    restart: unless-stopped\n    labels:\n"
                + "      com.spacetech.tier: \"data\"", "    restart: unless-stopped\n    privileged: true\n    labels:\n"
                + "      com.spacetech.tier: \"data\""));
        List<String> problems = new PackageCheck().check(dir).problems();
        assertThat(problems).singleElement().asString()
                .contains(compose + ":").contains("privileged").containsPattern("tmpl:\\d+:")
                .doesNotContain("global.yaml");
    }

    @Test
    void everyTemplateNamingAMissingKeyIsReportedWithFileAndLine() {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path index = dir.resolve("config/web/index.html.tmpl");
        ExamplePackages.write(index, ExamplePackages.read(index) + "{{web.nosuchkey}}\n");
        Path extra = dir.resolve("config/web/extra.conf.tmpl");
        ExamplePackages.write(extra, "first\n{{other.missing}}\n");
        List<String> problems = new PackageCheck().check(dir).problems();
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(index.toString()).contains("web.nosuchkey")
                .containsPattern("tmpl:\\d+:").contains("variables/default.yaml"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains(extra.toString()).contains("other.missing").contains("tmpl:2:"));
    }

    @Test
    void anImageTheManifestDoesNotNameIsRefused() {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path compose = dir.resolve("config/compose.yaml.tmpl");
        ExamplePackages.write(compose, ExamplePackages.read(compose).replace("\"{{images.db}}\"", "busybox:latest"));
        List<String> problems = new PackageCheck().check(dir).problems();
        assertThat(problems).singleElement().asString().contains("busybox:latest").contains("images")
                .contains("config/compose.yaml.tmpl");
    }

    @Test
    void everyJobOfAnUnknownServiceIsRefused() {
        Path dir = ExamplePackages.copy("1.3.0", tmp.resolve("pkg"));
        Path manifest = dir.resolve("manifest.yaml");
        ExamplePackages.write(manifest, ExamplePackages.read(manifest)
                .replace("service: db\n    when: upgrade\n    before: [api]", "service: dbx\n    when: upgrade\n    before: [apix]"));
        List<String> problems = new PackageCheck().check(dir).problems();
        assertThat(problems).hasSize(2);
        assertThat(problems).allSatisfy(p -> assertThat(p).startsWith(manifest.toString()).contains("job 'migrate'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("'dbx'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("'apix'"));
    }

    @Test
    void aDependencyOnAnUnknownServiceIsRefused() {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path compose = dir.resolve("config/compose.yaml.tmpl");
        ExamplePackages.write(compose, ExamplePackages.read(compose).replace("      db: {condition: service_healthy}",
                "      dbx: {condition: service_healthy}"));
        assertThat(new PackageCheck().check(dir).problems()).singleElement().asString()
                .contains(compose + ":").contains("depends on 'dbx'");
    }

    @Test
    void aZipEntryLeavingThePackageIsRefusedAsOnAServer() throws Exception {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path zip = tmp.resolve("pkg.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : PackageZip.entries(dir)) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.write(Files.readAllBytes(dir.resolve(name)));
            }
            out.putNextEntry(new java.util.zip.ZipEntry("../evil.sh"));
            out.write("boom".getBytes());
        }
        assertThat(new PackageCheck().check(zip).problems()).singleElement().asString().contains("evil.sh");
        assertThat(tmp.resolve("evil.sh")).doesNotExist();
    }

    @Test
    void aMissingManifestOrConfigFolderIsRefused() throws Exception {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Files.delete(dir.resolve("manifest.yaml"));
        assertThat(new PackageCheck().check(dir).problems()).singleElement().asString().contains("manifest.yaml").contains("missing");

        Path other = ExamplePackages.copy("1.0.0", tmp.resolve("other"));
        Path moved = Files.move(other.resolve("config"), tmp.resolve("config-elsewhere"));
        assertThat(moved).exists();
        assertThat(new PackageCheck().check(other).problems()).singleElement().asString().contains("config");
    }

    @Test
    void aSymbolicLinkInTheFolderIsRefused() throws Exception {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Files.createSymbolicLink(dir.resolve("config/web/passwd"), Path.of("/etc/passwd"));
        assertThat(new PackageCheck().check(dir).problems()).singleElement().asString()
                .contains("config/web/passwd").contains("symbolic link");
    }

    @Test
    void aZipWithABadManifestNamesTheEntry() throws Exception {
        Path dir = ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
        Path manifest = dir.resolve("manifest.yaml");
        ExamplePackages.write(manifest, ExamplePackages.read(manifest).replace("version: 1.0.0", "version: one"));
        Path zip = tmp.resolve("pkg.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            PackageZip.write(dir, out);
        }
        assertThat(new PackageCheck().check(zip).problems()).singleElement().asString()
                .contains(zip + "!manifest.yaml:2:");
    }
}
