package dev.shipshape.controller.cli;

import dev.shipshape.controller.source.git.GitSettings;
import dev.shipshape.model.ShipshapeException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** {@code shipshape run --git URL --branch B --path P}: follow a desired file in a Git branch instead of {@code -f}. */
final class GitOptions {
    @Option(names = "--git", paramLabel = "URL", description = "follow a Git repository instead of -f: https://, ssh://,"
            + " user@host:path or file:// URL (no credentials in it: see --git-credentials)")
    String url;

    @Option(names = "--branch", paramLabel = "BRANCH", defaultValue = "main",
            description = "with --git: the branch followed (default ${DEFAULT-VALUE})")
    String branch;

    @Option(names = "--path", paramLabel = "PATH", description = "with --git: the desired file's path inside the repository")
    String path;

    @Option(names = "--base-dir", paramLabel = "DIR", description = "with --git: relative paths in the desired file"
            + " (spec.projectDir, …) are resolved here, never inside the clone (default: the working directory)")
    Path baseDir;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "with --git: where the clone and the last good"
            + " commit are kept (default: <base-dir>/.shipshape-git/<hash of URL, branch and path>)")
    Path stateDir;

    @Option(names = "--git-poll", paramLabel = "DURATION", defaultValue = "60s",
            description = "with --git: fetch the branch this often (default ${DEFAULT-VALUE})")
    String poll;

    @Option(names = "--git-credentials", paramLabel = "FILE", description = "with --git: YAML file with username and"
            + " password (http/https) or sshKey and knownHosts (ssh) of a private repository")
    Path credentials;

    boolean given() {
        return url != null;
    }

    GitSettings settings(boolean allowPathsOutside) {
        if (path == null) {
            throw new ShipshapeException("--git needs --path: the desired file's path inside the repository");
        }
        Duration every = DurationOption.parse("--git-poll", poll);
        return new GitSettings(url, branch, path, baseDir == null ? Path.of("") : baseDir, stateDir, every, credentials,
                allowPathsOutside);
    }
}
