package dev.shipshape.controller.source.git;

import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Applies the credentials to a fetch: a user name and password for http(s), a private key and
 * known_hosts file for ssh (Apache MINA sshd). With a key given, the user's ~/.ssh (config, agent,
 * other keys) is not consulted, so what the controller does depends on its credentials file only.
 */
final class GitTransport {
    /** Seconds a fetch may stall on the network before it fails. */
    static final int TIMEOUT_SECONDS = 60;

    private final GitCredentials credentials;
    private final SshdSessionFactory ssh;

    GitTransport(GitCredentials credentials, Path stateDir) {
        this.credentials = credentials;
        this.ssh = credentials != null && credentials.hasSshKey() ? sshFactory(credentials, stateDir) : null;
    }

    <C extends TransportCommand<C, ?>> C configure(C command) {
        command.setTimeout(TIMEOUT_SECONDS);
        if (credentials != null && credentials.hasPassword()) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(credentials.username(), credentials.password()));
        }
        if (ssh != null) {
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport s) {
                    s.setSshSessionFactory(ssh);
                }
            });
        }
        return command;
    }

    /**
     * Only the settings shipshape writes, not ~/.ssh/config: an unknown or changed host key is refused
     * at once (nobody is there to answer "continue connecting?").
     */
    static final String SSH_CONFIG = "Host *\n  StrictHostKeyChecking yes\n  BatchMode yes\n";

    private static SshdSessionFactory sshFactory(GitCredentials c, Path stateDir) {
        Path sshDir = stateDir.resolve("ssh");
        Path config = sshDir.resolve("config");
        try {
            Files.createDirectories(sshDir);
            Files.writeString(config, SSH_CONFIG, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new GitSourceException("cannot write " + config + ": " + e.getMessage()
                    + "; check that the state folder is writable (--state-dir)", e);
        }
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(stateDir.toFile())
                .setSshDirectory(sshDir.toFile())
                .setConfigFile(dir -> config.toFile())
                .setDefaultIdentities(dir -> List.of(c.sshKey()))
                .setDefaultKnownHostsFiles(dir -> List.of(c.knownHosts()))
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
