package dev.shipshape.reconcilers.download;

import dev.shipshape.reconcilers.ReconcileException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class FetchFailuresTest {
    private static final URI PLAIN = URI.create("https://h/a.zip");
    private static final URI SECRET = URI.create("https://u:pw@h/a.zip");

    @Test
    void saysWhatKindOfFailureItWas() {
        assertThat(FetchFailures.io("could not x", PLAIN, new SocketTimeoutException("no data received for 60 s")))
                .hasMessage("could not x: timed out (no data received for 60 s); nothing was installed, will try again");
        assertThat(FetchFailures.io("could not x", PLAIN, new ConnectException("refused")))
                .hasMessage("could not x: could not connect; nothing was installed, will try again");
        assertThat(FetchFailures.io("could not x", PLAIN, new IOException("the release server broke off")))
                .hasMessage("could not x: the release server broke off; nothing was installed, will try again");
        assertThat(FetchFailures.io("could not x", PLAIN, new java.io.EOFException()))
                .hasMessage("could not x: EOFException; nothing was installed, will try again");
    }

    @Test
    void isTransientAndKeepsTheCauseOnlyWithoutCredentials() {
        IOException cause = new IOException("x");
        ReconcileException plain = FetchFailures.io("w", PLAIN, cause);
        assertThat(plain.isTransient()).isTrue();
        assertThat(plain.getCause()).isSameAs(cause);
        assertThat(FetchFailures.io("w", SECRET, cause).getCause()).isNull();
    }

    @Test
    void masksCredentialsTheStackQuotes() {
        assertThat(FetchFailures.io("w", SECRET, new IOException("cannot reach https://u:pw@h/a.zip")))
                .hasMessage("w: cannot reach https://***@h/a.zip; nothing was installed, will try again");
    }
}
