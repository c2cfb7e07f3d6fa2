package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRendererTest {
    @TempDir
    Path pkg;

    private Map<String, byte[]> render(Map<String, Object> context) {
        return new TemplateRenderer().render(pkg, context);
    }

    private void file(String relative, String text) {
        TestProject.write(pkg.resolve("config").resolve(relative), text);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void rendersTemplatesWithoutSuffixAndCopiesOtherFilesByteForByte() throws Exception {
        file("a.conf.tmpl", "port={{web.port}}\n");
        byte[] binary = {0, (byte) 0xff, '{', '{', 'x', '}', '}'};
        Files.createDirectories(pkg.resolve("config/static"));
        Files.write(pkg.resolve("config/static/logo.bin"), binary);
        Map<String, byte[]> out = render(Map.of("web", Map.of("port", 8080)));
        assertThat(out.keySet()).containsExactly("a.conf", "static/logo.bin");
        assertThat(text(out.get("a.conf"))).isEqualTo("port=8080\n");
        assertThat(out.get("static/logo.bin")).isEqualTo(binary);
    }

    @Test
    void noHtmlEscaping() {
        file("x.tmpl", "{{v}}|{{{v}}}");
        assertThat(text(render(Map.of("v", "<&>\"'")).get("x"))).isEqualTo("<&>\"'|<&>\"'");
    }

    @Test
    void sectionsListsAndInvertedSectionsWork() {
        file("x.tmpl", "{{#users}}{{name}}@{{domain}};{{/users}}{{^off}}on{{/off}}");
        Map<String, Object> ctx = Map.of("domain", "ex.org", "off", false,
                "users", List.of(Map.of("name", "a"), Map.of("name", "b")));
        assertThat(text(render(ctx).get("x"))).isEqualTo("a@ex.org;b@ex.org;on");
    }

    @Test
    void aMissingNameIsAnErrorNamingTemplateLineAndKey() {
        file("sub/app.env.tmpl", "A={{web.port}}\nB={{web.host}}\n");
        assertThatThrownBy(() -> render(Map.of("web", Map.of("port", 1))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/sub/app.env.tmpl:2")
                .hasMessageContaining("web.host");
    }

    @Test
    void aMissingNameInsideASectionIsAnError() {
        file("x.tmpl", "line1\n{{#users}}\n  {{email}}\n{{/users}}\n");
        assertThatThrownBy(() -> render(Map.of("users", List.of(Map.of("name", "a")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/x.tmpl:3")
                .hasMessageContaining("email");
    }

    @Test
    void aMissingSectionOrInvertedSectionNameIsAnError() {
        file("x.tmpl", "{{^feature.enabled}}off{{/feature.enabled}}");
        assertThatThrownBy(() -> render(Map.of("feature", Map.of())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/x.tmpl:1")
                .hasMessageContaining("feature.enabled");
    }

    @Test
    void aNullValueIsAnErrorNotAnEmptyString() {
        file("x.tmpl", "{{smtp.host}}");
        java.util.Map<String, Object> smtp = new java.util.HashMap<>();
        smtp.put("host", null);
        assertThatThrownBy(() -> render(Map.of("smtp", smtp)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("smtp.host");
    }

    @Test
    void javaMembersAreNotVisible() {
        file("x.tmpl", "{{name.length}}{{name.class}}");
        assertThatThrownBy(() -> render(Map.of("name", "abc")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("name.length");
    }

    @Test
    void partialsAndInheritanceAreRefused() throws Exception {
        Files.writeString(pkg.resolve("secret.txt"), "outside");
        file("p.tmpl", "ok\n{{> ../secret.txt}}");
        assertThatThrownBy(() -> render(Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/p.tmpl:2")
                .hasMessageContaining("partials")
                .hasMessageNotContaining("outside");
        Files.delete(pkg.resolve("config/p.tmpl"));
        file("e.tmpl", "{{< base}}{{/base}}");
        assertThatThrownBy(() -> render(Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/e.tmpl")
                .hasMessageContaining("inheritance");
    }

    @Test
    void symbolicLinksAreRefused() throws Exception {
        Files.writeString(pkg.resolve("outside.txt"), "x");
        Files.createDirectories(pkg.resolve("config"));
        Files.createSymbolicLink(pkg.resolve("config/link.txt"), pkg.resolve("outside.txt"));
        assertThatThrownBy(() -> render(Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("symbolic link");
    }

    @Test
    void renderingIsDeterministic() {
        file("b.tmpl", "{{#list}}{{.}},{{/list}} {{a}}");
        file("a.txt", "plain");
        Map<String, Object> ctx = Map.of("a", "x", "list", List.of(3, 1, 2));
        Map<String, byte[]> first = render(ctx);
        Map<String, byte[]> second = render(ctx);
        assertThat(first.keySet()).containsExactly("a.txt", "b");
        assertThat(first.get("b")).isEqualTo(second.get("b")).isEqualTo("3,1,2, x".getBytes());
        assertThat(ExportFolder.hashOf(first)).isEqualTo(ExportFolder.hashOf(second));
    }

    @Test
    void twoFilesRenderingToOnePathAreRefused() {
        file("x.tmpl", "a");
        file("x", "b");
        assertThatThrownBy(() -> render(Map.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x'");
    }

    @Test
    void sectionsNestedTooDeeplyAreARefusedInputNotAStackOverflow() {
        int levels = 20_000;
        file("deep.conf.tmpl", "top\n" + "{{#on}}".repeat(levels) + "x" + "{{/on}}".repeat(levels));
        assertThatThrownBy(() -> render(Map.of("on", true)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/deep.conf.tmpl:2")
                .hasMessageContaining("nested more than " + TemplateLimits.MAX_DEPTH + " deep")
                .hasMessageContaining("get a fixed package");
    }

    @Test
    void theDeepestAllowedNestingStillRenders() {
        int levels = TemplateLimits.MAX_DEPTH;
        file("x.tmpl", "{{=<% %>=}}" + "<%#on%>".repeat(levels) + "x" + "<%/on%>".repeat(levels));
        assertThat(text(render(Map.of("on", true)).get("x"))).isEqualTo("x");
    }

    @Test
    void aTemplateThatRendersTooMuchIsARefusedInput() {
        // 3000 x 3000 repetitions of one character: 9 MiB from a template of a few bytes
        List<Integer> items = java.util.stream.IntStream.range(0, 3000).boxed().toList();
        file("big.conf.tmpl", "{{#items}}{{#items}}x{{/items}}{{/items}}");
        assertThatThrownBy(() -> render(Map.of("items", items)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/big.conf.tmpl")
                .hasMessageContaining("renders more than 8 MiB")
                .hasMessageContaining("global.yaml");
    }
}
