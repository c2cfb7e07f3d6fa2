package dev.shipshape.controller.source.git;

import dev.shipshape.model.ShipshapeException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitSettingsTest {
    static final Path BASE = Path.of("/srv/shipshape");

    static GitSettings settings(String url, String branch, String path) {
        return new GitSettings(url, branch, path, BASE, null, Duration.ofMinutes(1), null);
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> settings("https://deploy:s3cret@git.example.com/ops.git", "main", "a.yaml"))
                .isInstanceOf(ShipshapeException.class)
                .hasMessageContaining("--git-credentials")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> settings("ssh://git:s3cret@git.example.com/ops.git", "main", "a.yaml"))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void supportedUrls() {
        for (String url : new String[]{"https://git.example.com/ops.git", "ssh://git@git.example.com/ops.git",
                "git@git.example.com:ops.git", "file:///srv/ops"}) {
            assertThat(settings(url, "main", "a.yaml").url()).isEqualTo(url);
        }
        assertThatThrownBy(() -> settings("ftp://git.example.com/ops", "main", "a.yaml")).hasMessageContaining("https://");
    }

    @Test
    void thePathIsRelativeToTheRepositoryTop() {
        assertThat(settings("file:///r", "main", "./servers/a.yaml").path()).isEqualTo("servers/a.yaml");
        assertThatThrownBy(() -> settings("file:///r", "main", "/servers/a.yaml")).hasMessageContaining("--path");
        assertThatThrownBy(() -> settings("file:///r", "main", "../a.yaml")).hasMessageContaining("--path");
        assertThatThrownBy(() -> settings("file:///r", "refs/heads/main", "a.yaml")).hasMessageContaining("--branch");
    }

    @Test
    void theDefaultStateFolderIsUnderTheBaseFolderAndDiffersPerBranchAndPath() {
        Path a = settings("file:///r", "main", "a.yaml").stateDir();
        assertThat(a.getParent()).isEqualTo(BASE.resolve(".shipshape-git"));
        assertThat(a.getFileName().toString()).hasSize(12);
        assertThat(settings("file:///r", "main", "a.yaml").stateDir()).isEqualTo(a);
        assertThat(settings("file:///r", "prod", "a.yaml").stateDir()).isNotEqualTo(a);
        assertThat(settings("file:///r", "main", "b.yaml").stateDir()).isNotEqualTo(a);
    }
}
