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
