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
                .isEqualTo("cannot reach https://***@releases.example.com/a.zip?x=***");
        assertThat(UrlCredentials.hide("cannot reach " + WITHOUT, WITHOUT)).isEqualTo("cannot reach " + WITHOUT);
    }

    @Test
    void aPreSignedUrlsTokenIsMaskedInTextsAndInRedactedUrls() {
        URI signed = URI.create("https://bucket.s3.amazonaws.com/s-1.0.0.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAEXAMPLE%2F20261204&X-Amz-Signature=0123456789abcdef0123456789abcdef");
        String shown = dev.shipshape.model.plan.Redact.url(signed);
        assertThat(shown).isEqualTo("https://bucket.s3.amazonaws.com/s-1.0.0.zip?X-Amz-Algorithm=***"
                + "&X-Amz-Credential=***&X-Amz-Signature=***");
        assertThat(new dev.shipshape.model.plan.DownloadRelease(dev.shipshape.model.Version.parse("1.0.0"), signed).describe())
                .doesNotContain("0123456789abcdef").doesNotContain("AKIAEXAMPLE").contains("X-Amz-Signature=***");
        assertThat(UrlCredentials.hide("GET " + signed + " failed", signed)).isEqualTo("GET " + shown + " failed");
        assertThat(UrlCredentials.secretIn(signed)).isTrue();
    }
}
