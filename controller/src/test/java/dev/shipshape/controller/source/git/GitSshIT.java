package dev.shipshape.controller.source.git;

import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.model.Version;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fetching over ssh (JGit's Apache MINA sshd transport) with the key and known_hosts of a credentials file.
 * An IT: a real ssh server on 127.0.0.1 (about 10-20 s here, mostly the ssh handshake on a busy machine).
 * (A refused host key is not tested: JGit takes about 20 s more to give up.)
 */
class GitSshIT {
    @TempDir
    Path tmp;

    GitTestRepo origin;
    LoopbackSshGitServer server;
    ControllerMetrics controllerMetrics;
    KeyPair hostKey;
    KeyPair clientKey;

    @BeforeEach
    void setUp() throws Exception {
        origin = GitTestRepo.init(tmp.resolve("origin"));
        origin.commit(GitSourceTest.PATH, GitSourceTest.desired("1.1.0"), "pin 1.1.0");
        hostKey = ecKey();
        clientKey = ecKey();
        server = new LoopbackSshGitServer(origin.dir, hostKey, clientKey.getPublic());
        controllerMetrics = new ControllerMetrics();
        try (OutputStream out = Files.newOutputStream(tmp.resolve("id_ecdsa"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "shipshape-test", null, out);
        }
        Files.writeString(tmp.resolve("git.yaml"), "sshKey: id_ecdsa\nknownHosts: known_hosts\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        origin.close();
        controllerMetrics.close();
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    GitSource open() {
        GitSettings settings = new GitSettings("ssh://git@127.0.0.1:" + server.port() + "/origin", "main",
                GitSourceTest.PATH, tmp.resolve("base"), null, Duration.ofMinutes(1), tmp.resolve("git.yaml"));
        return GitSource.open(settings, new GitMetrics(controllerMetrics));
    }

    @Test
    void fetchesOverSshWithTheKeyOfTheCredentialsFile() throws Exception {
        Files.writeString(tmp.resolve("known_hosts"),
                "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        try (GitSource source = open()) {
            source.fetch();
            assertThat(source.read().desired().spec().version()).isEqualTo(Version.parse("1.1.0"));
        }
    }
}
