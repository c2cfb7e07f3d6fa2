package dev.shipshape.reconcilers.download;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class UrlCredentialsTest {
    private static final URI WITH = URI.create("https://deploy:s3cret@releases.example.com/a.zip?x=1");
    private static final URI WITHOUT = URI.create("https://releases.example.com/a.zip");

    @Test
    void credentialsMoveFromTheAddressIntoAHeader() {
        HttpRequest request = UrlCredentials.target(HttpRequest.newBuilder(), WITH).build();
        assertThat(request.uri()).hasToString("https://releases.example.com/a.zip?x=1");
        assertThat(request.headers().firstValue("Authorization")).hasValue("Basic "
                + Base64.getEncoder().encodeToString("deploy:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(UrlCredentials.present(WITH)).isTrue();
    }

    @Test
    void anAddressWithoutCredentialsIsUsedAsItIs() {
        HttpRequest request = UrlCredentials.target(HttpRequest.newBuilder(), WITHOUT).build();
        assertThat(request.uri()).isEqualTo(WITHOUT);
        assertThat(request.headers().firstValue("Authorization")).isEmpty();
        assertThat(UrlCredentials.present(WITHOUT)).isFalse();
    }

    @Test
    void hideMasksTheCredentialsInAText() {
        assertThat(UrlCredentials.hide("cannot reach " + WITH, WITH))
                .isEqualTo("cannot reach https://***@releases.example.com/a.zip?x=1");
        assertThat(UrlCredentials.hide("cannot reach " + WITHOUT, WITHOUT)).isEqualTo("cannot reach " + WITHOUT);
    }
}
