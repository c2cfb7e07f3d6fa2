package dev.shipshape.controller.source.git;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Yaml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Credentials of a private repository, read from the file given with {@code --git-credentials}
 * (never from the command line):
 * <pre>
 * username: deploy          # http(s): user name, with
 * password: ghp_…           #   a password or an access token
 * sshKey: id_ed25519        # ssh: private key (not passphrase-protected), relative to this file
 * knownHosts: known_hosts   # ssh: the server's host keys; required with sshKey
 * </pre>
 * {@link #toString()} hides the password, and no message of this class ever holds a value.
 */
public record GitCredentials(String username, String password, Path sshKey, Path knownHosts) {
    private static final Logger LOG = LoggerFactory.getLogger(GitCredentials.class);
    private static final String KEYS = "the keys are username, password, sshKey and knownHosts";

    /** The file's layout; private so the parsed form is the only one used. */
    private record Raw(String username, String password, String sshKey, String knownHosts) {
    }

    public static GitCredentials read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ShipshapeException("--git-credentials: cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "); give a readable YAML file with " + KEYS);
        }
        warnIfReadableByOthers(file);
        return parse(file, text);
    }

    /** Parses the text of {@code file}; pure, for tests. */
    static GitCredentials parse(Path file, String text) {
        Raw raw;
        try {
            raw = Yaml.read(file.toString(), text, Raw.class);
        } catch (InvalidInputException e) {
            // Only the position and the field name: a parser's message may quote the value, a secret here.
            throw new ShipshapeException(file + (e.line() > 0 ? ":" + e.line() : "")
                    + (e.field() != null ? ": " + e.field() : "") + ": not a valid credentials file; " + KEYS
                    + ", each a plain string");
        }
        if (blank(raw.username()) != blank(raw.password())) {
            throw new ShipshapeException(file + ": username and password go together; give both, or neither");
        }
        if (blank(raw.sshKey()) != blank(raw.knownHosts())) {
            throw new ShipshapeException(file + ": sshKey needs knownHosts (the server's host keys, as in"
                    + " ~/.ssh/known_hosts) and knownHosts needs sshKey; give both");
        }
        if (blank(raw.username()) && blank(raw.sshKey())) {
            throw new ShipshapeException(file + ": no credentials in it; give username and password (http/https)"
                    + " or sshKey and knownHosts (ssh)");
        }
        Path dir = file.toAbsolutePath().getParent();
        return new GitCredentials(blank(raw.username()) ? null : raw.username(), blank(raw.password()) ? null : raw.password(),
                blank(raw.sshKey()) ? null : dir.resolve(raw.sshKey()).normalize(),
                blank(raw.knownHosts()) ? null : dir.resolve(raw.knownHosts()).normalize());
    }

    public boolean hasPassword() {
        return username != null;
    }

    public boolean hasSshKey() {
        return sshKey != null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} is readable by other users; make it private: chmod 600 {}", file, file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", sshKey=" + sshKey + ", knownHosts=" + knownHosts + "]";
    }
}
