package dev.shipshape.controller.source.git;

import dev.shipshape.model.ShipshapeException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitCredentialsTest {
    static final Path FILE = Path.of("/etc/shipshape/git.yaml");

    @Test
    void httpCredentials() {
        GitCredentials c = GitCredentials.parse(FILE, "username: deploy\npassword: t0ken-value\n");
        assertThat(c.hasPassword()).isTrue();
        assertThat(c.hasSshKey()).isFalse();
        assertThat(c.username()).isEqualTo("deploy");
        assertThat(c.password()).isEqualTo("t0ken-value");
        assertThat(c.toString()).doesNotContain("t0ken-value");
    }

    @Test
    void sshPathsAreRelativeToTheCredentialsFile() {
        GitCredentials c = GitCredentials.parse(FILE, "sshKey: keys/id_ed25519\nknownHosts: /var/lib/known_hosts\n");
        assertThat(c.sshKey()).isEqualTo(Path.of("/etc/shipshape/keys/id_ed25519"));
        assertThat(c.knownHosts()).isEqualTo(Path.of("/var/lib/known_hosts"));
        assertThat(c.hasPassword()).isFalse();
    }

    @Test
    void incompleteCredentialsAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> GitCredentials.parse(FILE, "username: deploy\n"))
                .isInstanceOf(ShipshapeException.class).hasMessageContaining("give both");
        assertThatThrownBy(() -> GitCredentials.parse(FILE, "sshKey: id_ed25519\n")).hasMessageContaining("knownHosts");
        assertThatThrownBy(() -> GitCredentials.parse(FILE, "{}\n")).hasMessageContaining("no credentials");
    }

    @Test
    void aMalformedFileNeverEchoesItsValues() {
        assertThatThrownBy(() -> GitCredentials.parse(FILE, "username: deploy\npasword: hunter2-secret\n"))
                .hasMessageContaining(FILE.toString())
                .hasMessageContaining("username, password, sshKey and knownHosts")
                .hasMessageNotContaining("hunter2-secret");
        assertThatThrownBy(() -> GitCredentials.parse(FILE, "username: deploy\npassword: [hunter2-secret]\n"))
                .hasMessageNotContaining("hunter2-secret");
    }
}
