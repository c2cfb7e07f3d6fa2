package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportReconcilerTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path tmp;

    private static ExportRelease action() {
        return new ExportRelease(TestProject.VERSION, List.of("db.password", "api.token"));
    }

    @Test
    void prepareReportsMissingSecretsAndRendersNothingUntilTheyExist() {
        TestProject p = new TestProject(tmp);
        PreparedRelease prepared = TestProject.renderer().prepare(p.context(), p.store(), TestProject.VERSION);
        assertThat(prepared.missingSecrets()).containsExactly("db.password", "api.token");
        assertThat(prepared.rendered()).isNull();
        assertThatThrownBy(() -> TestProject.renderer().renderFiles(p.context(), p.store(), TestProject.VERSION))
                .isInstanceOf(ReconcileException.class).hasMessageContaining("db.password");
        assertThat(p.context().paths().generatedSecret()).doesNotExist();
    }

    @Test
    void exportSwapGivesTheHashOfTheInMemoryRender() throws Exception {
        TestProject p = new TestProject(tmp);
        ProjectContext ctx = p.context();
        TestProject.reconciler().reconcile(action(), ctx).orThrow();

        RenderedRelease rendered = TestProject.renderer().render(ctx, p.store(), TestProject.VERSION);
        assertThat(ExportFolder.hash(ctx.paths().export())).isEqualTo(rendered.exportHash());
        assertThat(rendered.fileDigests().keySet())
                .containsExactlyInAnyOrder("compose.yaml", "web.env", "web/index.html", "web/logo.svg");
        assertThat(rendered.compose().services()).containsKey("web");
        assertThat(rendered.compose().services().get("web").image()).isEqualTo("registry.example.com/spacetech/web:1.1.0");
        assertThat(rendered.compose().services().get("web").environment()).containsEntry("DB_USER", "app");

        Path export = ctx.paths().export();
        assertThat(Files.readString(export.resolve("web/index.html"))).isEqualTo("<h1>Spacetech</h1> spacetech 1.1.0\n");
        assertThat(Files.readString(export.resolve("web/logo.svg"))).isEqualTo("<svg>{{not a template}}</svg>\n");
        // the env file holds generated secrets: owner only; the rest is readable by containers' users
        assertThat(Files.getPosixFilePermissions(export.resolve("web.env"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(export.resolve("compose.yaml"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.getPosixFilePermissions(export.resolve("web"))).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var s = Files.list(p.projectDir)) {
            assertThat(s.map(x -> x.getFileName().toString())).noneMatch(n -> n.startsWith(".export-"));
        }
    }

    @Test
    void runningTwiceGivesTheSameBytesAndLeavesSecretsAlone() throws Exception {
        TestProject p = new TestProject(tmp);
        ProjectContext ctx = p.context();
        TestProject.reconciler().reconcile(action(), ctx).orThrow();
        String hash = ExportFolder.hash(ctx.paths().export());
        Path secrets = ctx.paths().generatedSecret();
        byte[] secretBytes = Files.readAllBytes(secrets);
        var secretsModified = Files.getLastModifiedTime(secrets);

        TestProject.reconciler().reconcile(action(), ctx).orThrow();
        assertThat(ExportFolder.hash(ctx.paths().export())).isEqualTo(hash);
        assertThat(Files.readAllBytes(secrets)).isEqualTo(secretBytes);
        assertThat(Files.getLastModifiedTime(secrets)).isEqualTo(secretsModified);

        // a hand edit is put back
        Files.writeString(ctx.paths().export().resolve("compose.yaml"), "edited");
        Files.writeString(ctx.paths().export().resolve("extra.txt"), "extra");
        assertThat(ExportFolder.hash(ctx.paths().export())).isNotEqualTo(hash);
        TestProject.reconciler().reconcile(action(), ctx).orThrow();
        assertThat(ExportFolder.hash(ctx.paths().export())).isEqualTo(hash);
        assertThat(ctx.paths().export().resolve("extra.txt")).doesNotExist();
    }

    @Test
    void crashLeftoversAreCleanedUp() throws Exception {
        TestProject p = new TestProject(tmp);
        ProjectContext ctx = p.context();
        // a crash between the two renames: no export, an old one and a half-written new one
        TestProject.write(p.projectDir.resolve(".export-tmp-x/compose.yaml"), "half");
        TestProject.write(p.projectDir.resolve(".export-old-y/compose.yaml"), "old");
        assertThat(ExportFolder.hash(ctx.paths().export())).isNull();

        TestProject.reconciler().reconcile(action(), ctx).orThrow();
        assertThat(p.projectDir.resolve(".export-tmp-x")).doesNotExist();
        assertThat(p.projectDir.resolve(".export-old-y")).doesNotExist();
        assertThat(ExportFolder.hash(ctx.paths().export()))
                .isEqualTo(TestProject.renderer().render(ctx, p.store(), TestProject.VERSION).exportHash());
    }

    @Test
    void configChangesTheExportAndDigestPinsApply() throws Exception {
        TestProject p = new TestProject(tmp);
        TestProject.reconciler().reconcile(action(), p.context()).orThrow();
        String before = ExportFolder.hash(p.context().paths().export());

        p.global("web:\n  port: 9090\n");
        p.pins = Map.of("web", DIGEST);
        ProjectContext ctx = p.context();
        RenderedRelease rendered = TestProject.renderer().render(ctx, p.store(), TestProject.VERSION);
        assertThat(rendered.exportHash()).isNotEqualTo(before);
        assertThat(rendered.compose().services().get("web").image()).isEqualTo("registry.example.com/spacetech/web@" + DIGEST);
        assertThat(rendered.compose().services().get("web").command()).contains("127.0.0.1:9090");

        TestProject.reconciler().reconcile(action(), ctx).orThrow();
        assertThat(ExportFolder.hash(ctx.paths().export())).isEqualTo(rendered.exportHash());
    }

    @Test
    void aPackageWithoutComposeIsAnErrorNamingIt() throws Exception {
        TestProject p = new TestProject(tmp);
        Files.delete(p.packageFile("config/compose.yaml.tmpl"));
        p.generatedSecret("db.password: a1b2c3d4e5\napi.token: f00dfeedf00dfeed\n");
        assertThatThrownBy(() -> TestProject.renderer().render(p.context(), p.store(), TestProject.VERSION))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("spacetech-server 1.1.0")
                .hasMessageContaining("compose.yaml");
    }

    @Test
    void aMissingKeyChangesNothingOnDisk() throws Exception {
        TestProject p = new TestProject(tmp);
        ProjectContext ctx = p.context();
        TestProject.reconciler().reconcile(action(), ctx).orThrow();
        String hash = ExportFolder.hash(ctx.paths().export());
        TestProject.write(p.packageFile("config/web.env.tmpl"), "X={{smtp.host}}\n");
        assertThatThrownBy(() -> TestProject.reconciler().reconcile(action(), ctx).orThrow())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("config/web.env.tmpl:1")
                .hasMessageContaining("smtp.host");
        assertThat(ExportFolder.hash(ctx.paths().export())).isEqualTo(hash);
    }

    @Test
    void secretsNeverAppearInErrorMessages() throws Exception {
        TestProject p = new TestProject(tmp);
        p.generatedSecret("db.password: Sup3rS3cretValue\napi.token: f00dfeedf00dfeed\n");
        // a compose file that becomes invalid YAML around the secret
        TestProject.write(p.packageFile("config/compose.yaml.tmpl"), "services:\n  web:\n    image: x\n    network_mode: host\n    volumes: [\"{{db.password}}\"]\n");
        assertThatThrownBy(() -> TestProject.renderer().render(p.context(), p.store(), TestProject.VERSION))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("export/compose.yaml")
                .hasMessageNotContaining("Sup3rS3cretValue");
        String secretFile = Files.readString(p.context().paths().generatedSecret(), StandardCharsets.UTF_8);
        assertThat(secretFile).contains("Sup3rS3cretValue");
    }
}
