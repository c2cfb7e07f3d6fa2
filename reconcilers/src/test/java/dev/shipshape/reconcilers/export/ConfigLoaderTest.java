package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.config.ConfigTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private Map<String, Object> load(TestProject p) {
        return new ConfigLoader().load(p.context(), p.packageDir());
    }

    @Test
    void missingProjectFilesCountAsEmpty() {
        TestProject p = new TestProject(tmp);
        Map<String, Object> tree = load(p);
        assertThat(ConfigTree.get(tree, "web.port")).isEqualTo(8080);
        assertThat(ConfigTree.get(tree, "db.user")).isEqualTo("app");
    }

    @Test
    void eachLayerOverridesTheOneBelowAndSpecConfigIsOnTop() {
        TestProject p = new TestProject(tmp);
        TestProject.write(p.packageFile("variables/default.yaml"), """
                a: default
                b: default
                c: default
                d: default
                e: default
                nested: {keep: default, over: default}
                list: [1, 2, 3]
                """);
        p.generatedSecret("b: generated\nc: generated\nd: generated\ne: generated\n");
        p.global("c: global\nd: global\ne: global\nnested: {over: global}\nlist: [9]\n");
        p.userSecret("d: user\ne: user\n");
        p.config = Map.of("e", "spec");
        Map<String, Object> tree = load(p);
        assertThat(tree).containsEntry("a", "default").containsEntry("b", "generated").containsEntry("c", "global")
                .containsEntry("d", "user").containsEntry("e", "spec");
        // mappings merge key by key, lists and scalars replace
        assertThat(tree.get("nested")).isEqualTo(Map.of("keep", "default", "over", "global"));
        assertThat(tree.get("list")).isEqualTo(java.util.List.of(9));
    }

    @Test
    void secretFilesAcceptDottedAndNestedKeys() {
        TestProject p = new TestProject(tmp);
        p.generatedSecret("db.password: flat\nsmtp:\n  password: nested\n");
        p.userSecret("api.token: tok\n");
        Map<String, Object> tree = load(p);
        assertThat(ConfigTree.get(tree, "db.password")).isEqualTo("flat");
        assertThat(ConfigTree.get(tree, "db.user")).isEqualTo("app");
        assertThat(ConfigTree.get(tree, "smtp.password")).isEqualTo("nested");
        assertThat(ConfigTree.get(tree, "api.token")).isEqualTo("tok");
    }

    @Test
    void userSecretIsDecodedFromLineWrappedBase64() throws Exception {
        TestProject p = new TestProject(tmp);
        String b64 = java.util.Base64.getMimeEncoder().encodeToString(("db:\n  password: " + "x".repeat(80) + "\n").getBytes());
        Files.writeString(p.projectDir.resolve("user-secret"), b64 + "\n");
        assertThat(ConfigTree.get(load(p), "db.password")).isEqualTo("x".repeat(80));
    }

    @Test
    void badBase64InUserSecretIsReportedWithoutItsContent() throws Exception {
        TestProject p = new TestProject(tmp);
        Files.writeString(p.projectDir.resolve("user-secret"), "db.password: hunter2-not-base64!\n");
        assertThatThrownBy(() -> load(p))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("user-secret")
                .hasMessageContaining("base64 -w0")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void badYamlInUserSecretIsReportedWithoutItsContent() {
        TestProject p = new TestProject(tmp);
        p.userSecret("db:\n  password: \"hunter2\n  other: [\n");
        assertThatThrownBy(() -> load(p))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("user-secret")
                .hasMessageContaining("base64 -d")
                .hasMessageNotContaining("hunter2")
                .hasNoCause();
    }

    @Test
    void badYamlInGlobalNamesFileAndLine() {
        TestProject p = new TestProject(tmp);
        p.global("web:\n  port: 1\n  port: 2\n");
        assertThatThrownBy(() -> load(p))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("global.yaml:3");
    }

    @Test
    void secretFilesRefuseAliasesSecondDocumentsAndEmptyKeyPartsWithoutShowingValues() {
        TestProject aliased = new TestProject(tmp.resolve("aliased"));
        aliased.userSecret("db.password: &p s3cret-value\napi.token: *p\n");
        assertThatThrownBy(() -> load(aliased)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("user-secret (decoded):2:12: ")
                .hasMessageContaining("YAML alias")
                .hasMessageNotContaining("s3cret-value");

        TestProject twoDocuments = new TestProject(tmp.resolve("two"));
        twoDocuments.generatedSecret("db.password: s3cret-value\n---\napi.token: other-s3cret\n");
        assertThatThrownBy(() -> load(twoDocuments)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("generated-secret.yaml:3:1: ")
                .hasMessageContaining("second YAML document")
                .hasMessageNotContaining("s3cret");

        TestProject dot = new TestProject(tmp.resolve("dot"));
        dot.userSecret("\".\": s3cret-value\n");
        assertThatThrownBy(() -> load(dot)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("user-secret")
                .hasMessageContaining("empty part")
                .hasMessageNotContaining("s3cret-value");
    }

    @Test
    void globalYamlRefusesASecondDocument() {
        TestProject p = new TestProject(tmp);
        p.global("web: {port: 8081}\n---\nweb: {port: 9}\n");
        assertThatThrownBy(() -> load(p)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("global.yaml:3:1: ").hasMessageContaining("fix global.yaml");
    }
}
