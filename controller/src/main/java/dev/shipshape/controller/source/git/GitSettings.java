package dev.shipshape.controller.source.git;

import dev.shipshape.model.ShipshapeException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How to follow a desired file in a Git branch.
 *
 * @param url             http(s)://, ssh:// (or scp-like {@code git@host:repo}) or file:// URL, without credentials
 * @param branch          the branch followed
 * @param path            the desired file's path inside the repository
 * @param baseDir         relative paths of the desired file (projectDir, credentialsFile, …) are resolved here,
 *                        never inside the clone, which a fetch may change
 * @param stateDir        holds the clone and the last good commit
 * @param poll            how often the branch is fetched
 * @param credentialsFile null for a public repository
 * @param allowPathsOutside the operator's {@code --allow-paths-outside}: a commit may name files outside
 *                        {@code baseDir} (source, registry credentials, image tarballs); off, such a commit is refused
 */
public record GitSettings(String url, String branch, String path, Path baseDir, Path stateDir, Duration poll,
                          Path credentialsFile, boolean allowPathsOutside) {
    /** Confined to {@code baseDir}: what a commit names must lie inside it. */
    public GitSettings(String url, String branch, String path, Path baseDir, Path stateDir, Duration poll,
                       Path credentialsFile) {
        this(url, branch, path, baseDir, stateDir, poll, credentialsFile, false);
    }

    public GitSettings {
        checkUrl(url);
        if (branch == null || branch.isBlank() || branch.startsWith("refs/") || branch.contains("..")) {
            throw new ShipshapeException("--branch: '" + branch + "' is not a branch name; give a short name such as main");
        }
        path = checkPath(path);
        if (poll.isNegative() || poll.isZero()) {
            throw new ShipshapeException("--git-poll must be positive, not " + poll);
        }
        baseDir = baseDir.toAbsolutePath().normalize();
        stateDir = stateDir == null ? defaultStateDir(baseDir, url, branch, path) : stateDir.toAbsolutePath().normalize();
    }

    /**
     * {@code <baseDir>/.shipshape-git/<12 hex digits>}: one folder per URL, branch and path, so two
     * controllers following different files never share a clone or a last good commit.
     */
    static Path defaultStateDir(Path baseDir, String url, String branch, String path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((url + "\n" + branch + "\n" + path).getBytes(StandardCharsets.UTF_8));
            return baseDir.resolve(".shipshape-git").resolve(HexFormat.of().formatHex(digest).substring(0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Credentials in the URL would end up in logs, process lists and shell history: they belong in the credentials file. */
    static void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ShipshapeException("--git: give the repository URL (https://, ssh:// or file://)");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new ShipshapeException("--git: not a valid URL (" + e.getReason() + ")");
            }
            if (uri.getRawUserInfo() != null) {
                throw new ShipshapeException("--git: the URL holds a user name or password; remove it from the URL and"
                        + " put it in the file given with --git-credentials");
            }
            return;
        }
        if (lower.startsWith("ssh://") || lower.startsWith("file://") || url.matches("[A-Za-z0-9._-]+@[^:/]+:.+")) {
            if (lower.startsWith("ssh://") && url.substring(6).matches("[^@/]*:[^@/]*@.*")) {
                throw new ShipshapeException("--git: the URL holds a password; use an ssh key given in --git-credentials");
            }
            return;
        }
        throw new ShipshapeException("--git: '" + url + "' is not a supported URL; use https://, http://, ssh://,"
                + " user@host:path or file://");
    }

    private static String checkPath(String path) {
        if (path == null || path.isBlank()) {
            throw new ShipshapeException("--path: give the desired file's path inside the repository, e.g. servers/spacetech.yaml");
        }
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.startsWith("/") || p.endsWith("/") || p.equals("..") || p.startsWith("../") || p.contains("/../")) {
            throw new ShipshapeException("--path: '" + path + "' must be a file's path relative to the repository's top"
                    + " folder, e.g. servers/spacetech.yaml");
        }
        return p;
    }

    /** For logs: the URL (it holds no credentials), branch and path. */
    public String describe() {
        return "git " + url + " branch " + branch + " path " + path;
    }
}
