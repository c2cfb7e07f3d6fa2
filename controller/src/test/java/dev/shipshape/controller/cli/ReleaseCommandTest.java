package dev.shipshape.controller.cli;

import dev.shipshape.controller.release.ExamplePackages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes a vendor's CI relies on: 0 ok, 1 problems, 2 usage. */
class ReleaseCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** The example's 1.0.0 folder with ${REGISTRY} filled in, as examples/spacetech/build.sh does. */
    private Path example() {
        return ExamplePackages.copy("1.0.0", tmp.resolve("pkg"));
    }

    @Test
    void checkExitsZeroOnAGoodPackage() throws IOException {
        assertThat(run("release", "check", example().toString())).isEqualTo(0);
        assertThat(out.toString()).contains("ok (spacetech-server 1.0.0)");
    }

    @Test
    void checkExitsOneWithOneLinePerProblem() throws IOException {
        Path dir = example();
        Files.writeString(dir.resolve("config/a.tmpl"), "{{x.y}}\n");
        Files.writeString(dir.resolve("config/b.tmpl"), "\n{{z}}\n");
        assertThat(run("release", "check", dir.toString())).isEqualTo(1);
        assertThat(err.toString().lines().toList()).hasSize(3);
        assertThat(err.toString()).contains("a.tmpl:1:").contains("b.tmpl:2:").contains("2 problem(s)");
    }

    @Test
    void theExamplesFolderPassesWithItsRegistryGiven() {
        String dir = Path.of("../examples/spacetech/release/1.3.0").toAbsolutePath().normalize().toString();
        assertThat(run("release", "check", dir, "--var", "REGISTRY=127.0.0.1:5000")).isEqualTo(0);
        assertThat(run("release", "check", dir)).isEqualTo(1);
        assertThat(err.toString()).contains("manifest.yaml:5:").contains("--var REGISTRY=VALUE");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("release", "check", tmp.toString(), "--var", "no-equals")).isEqualTo(2);
        assertThat(err.toString()).contains("NAME=VALUE");
        assertThat(run("release", "check")).isEqualTo(2);
        assertThat(run("release", "check", tmp.resolve("nothing").toString())).isEqualTo(2);
        assertThat(run("release", "build", tmp.toString(), "--nope")).isEqualTo(2);
        assertThat(run("release")).isEqualTo(2);
        assertThat(run("release", "check", "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("--var").contains("${NAME}");
        // the other commands keep their contract: a usage error is 1
        assertThat(run("plan", "--nope")).isEqualTo(1);
    }

    @Test
    void buildRefusesAPackageThatFailsCheckAndWritesNothing() throws IOException {
        Path dir = example();
        Files.writeString(dir.resolve("config/a.tmpl"), "{{x.y}}\n");
        Path dist = tmp.resolve("dist");
        assertThat(run("release", "build", dir.toString(), "--out", dist.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("a.tmpl").contains("nothing was built");
        assertThat(dist).doesNotExist();
    }

    @Test
    void buildWritesTheZipAndItsChecksum() throws IOException {
        Path dist = tmp.resolve("dist");
        assertThat(run("release", "build", example().toString(), "--out", dist.toString())).isEqualTo(0);
        assertThat(dist.resolve("spacetech-server-linux-x64-1.0.0.zip")).isRegularFile();
        assertThat(dist.resolve("spacetech-server-linux-x64-1.0.0.zip.sha256")).isRegularFile();
        assertThat(dist.resolve("spacetech-server-linux-x64-1.0.0.zip.sig")).doesNotExist();
    }
}
