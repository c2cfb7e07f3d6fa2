package dev.shipshape.controller.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes of the CLI contract that need no Docker: a usage error is 1, never plan's 2. */
class MainTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
    }

    @Test
    void aUsageErrorExitsOneAndSaysWhatIsWrong() {
        assertThat(run("plan", "-f", "server.yaml", "--output", "xml")).isEqualTo(1);
        assertThat(err.toString()).contains("--output").contains("text, json").contains("Usage: shipshape plan");
    }

    @Test
    void aMissingDesiredFileOptionExitsOne() {
        assertThat(run("apply")).isEqualTo(1);
        assertThat(err.toString()).contains("--file");
    }

    @Test
    void aDesiredFileThatDoesNotExistExitsOneNamingIt() {
        assertThat(run("plan", "-f", "/nonexistent/server.yaml")).isEqualTo(1);
        assertThat(err.toString()).contains("/nonexistent/server.yaml").contains("no such file");
    }

    @Test
    void aDesiredFileWithSeveralProblemsListsThemAllOnePerLineAndExitsOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("server.yaml");
        java.nio.file.Files.writeString(file, """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: spacetech
                spec:
                  version: latest
                  source:
                    url: ftp://releases.example.com/s-{version}.zip
                  projectDir: ../elsewhere
                  suspnd: true
                """);
        assertThat(run("plan", "-f", file.toString())).isEqualTo(1);
        assertThat(err.toString().lines().toList()).containsExactly(
                "error: 4 problems in " + file + "; fix them all, then run again:",
                file + ":6:12: spec.version: 'latest' is not a version; write it like 1.2.3 or 1.2.3-rc.1",
                file + ":8:10: spec.source.url: url must be an http://, https:// or file:// URL, or a plain path to a folder"
                        + " of release zips (absolute, or relative to this file), not 'ftp://releases.example.com/s-{version}.zip';"
                        + " e.g. https://releases.example.com/server-linux-x64-{version}.zip,"
                        + " file:///srv/releases/server-linux-x64-{version}.zip or /srv/releases/server-linux-x64-{version}.zip",
                file + ":9:15: spec.projectDir: '../elsewhere' must be a folder inside the folder of this file (no absolute"
                        + " path, no '..' leading out); move the project folder next to the desired file or the file next to it",
                file + ":10:3: spec.suspnd: unknown field 'suspnd'; did you mean 'suspend'? Rename it, or remove it");
    }

    @Test
    void runNeedsExactlyOneDesiredSource() {
        assertThat(run("run")).isEqualTo(1);
        assertThat(err.toString()).contains("-f FILE or --git URL");
        assertThat(run("run", "-f", "server.yaml", "--git", "file:///srv/ops", "--path", "a.yaml")).isEqualTo(1);
        assertThat(run("run", "--git", "file:///srv/ops")).isEqualTo(1);
        assertThat(err.toString()).contains("--git needs --path");
    }

    @Test
    void runRefusesCredentialsInTheGitUrlWithoutPrintingThem() {
        assertThat(run("run", "--git", "https://deploy:hunter2@git.example.com/ops.git", "--path", "a.yaml")).isEqualTo(1);
        assertThat(err.toString()).contains("--git-credentials").doesNotContain("hunter2");
    }

    @Test
    void statusTakesTheProjectFolderInsteadOfTheDesiredFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "status", "--project-dir", dir.toString());
        assertThat(code).isEqualTo(0);
        assertThat(out.toString()).contains(StatusCommand.NO_STATUS);
        assertThat(run("status")).isEqualTo(1);
    }
}
