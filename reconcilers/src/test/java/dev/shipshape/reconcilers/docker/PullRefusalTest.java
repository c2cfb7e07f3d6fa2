package dev.shipshape.reconcilers.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PullRefusalTest {
    @Test
    void aRegistryThatDoesNotAnswerIsNoCredentialsRefusalWhateverItsPort() {
        // the engine's words for a stopped registry on a port that contains 401 (seen in CI)
        assertThat(PullMessages.refusedForCredentials("Status 500: {\"message\":\"Get \\\"http://127.0.0.1:40129/v2/\\\": "
                + "dial tcp 127.0.0.1:40129: connect: connection refused\"}")).isFalse();
        assertThat(PullMessages.refusedForCredentials("Get \"http://127.0.0.1:5401/v2/\": EOF")).isFalse();
    }

    @Test
    void theRegistrysRefusalsAreRecognised() {
        assertThat(PullMessages.refusedForCredentials("Head \"http://127.0.0.1:5000/v2/a/manifests/1\": no basic auth credentials")).isTrue();
        assertThat(PullMessages.refusedForCredentials("unauthorized: authentication required")).isTrue();
        assertThat(PullMessages.refusedForCredentials("Status 500: {\"message\":\"error: 401 from the registry\"}")).isTrue();
    }
}
