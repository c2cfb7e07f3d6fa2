package dev.shipshape.controller.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scan must be able to fail: a secret in a log event, an output or an exception is found, and not printed. */
class SecretsScanTest {
    private static final String GENERATED = "Generated-Secret-Value-1234";
    private static final String USER = "User-Secret-Value-5678";

    @TempDir
    Path dir;

    private void writeSecrets() throws Exception {
        Files.writeString(dir.resolve("generated-secret.yaml"), "db.password: \"" + GENERATED + "\"\n");
        Files.writeString(dir.resolve("user-secret"), Base64.getEncoder().encodeToString(
                ("smtp:\n  password: \"" + USER + "\"\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsBothSecretFiles() throws Exception {
        writeSecrets();
        assertThat(SecretsScan.secretValues(dir)).containsEntry("generated-secret.yaml:db.password", GENERATED)
                .containsEntry("user-secret:smtp.password", USER);
    }

    @Test
    void findsASecretInADebugLogWithoutPrintingIt() throws Exception {
        writeSecrets();
        try (SecretsScan scan = SecretsScan.start()) {
            LoggerFactory.getLogger("dev.shipshape.test").debug("connecting with {}", USER);
            assertThatThrownBy(() -> scan.assertNoSecretsOf(dir)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("user-secret:smtp.password").hasMessageContaining("log dev.shipshape.test")
                    .hasMessageNotContaining(USER);
        }
    }

    @Test
    void findsASecretInOutputAndExceptions() throws Exception {
        writeSecrets();
        try (SecretsScan scan = SecretsScan.start()) {
            scan.add("stdout", "fine");
            scan.assertNoSecretsOf(dir);
            scan.add("failure", new IllegalStateException("wrapped", new RuntimeException("bad " + GENERATED)));
            assertThatThrownBy(() -> scan.assertNoSecretsOf(dir)).hasMessageContaining("generated-secret.yaml:db.password")
                    .hasMessageNotContaining(GENERATED);
        }
    }

    @Test
    void refusesToProveNothing() {
        try (SecretsScan scan = SecretsScan.start()) {
            assertThatThrownBy(() -> scan.assertNoSecrets(Map.of())).hasMessageContaining("no secrets");
        }
    }
}
