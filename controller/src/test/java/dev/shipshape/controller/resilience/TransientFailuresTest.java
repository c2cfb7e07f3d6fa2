package dev.shipshape.controller.resilience;

import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.containers.ContainerVanishedException;
import dev.shipshape.reconcilers.download.ChecksumMismatchException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {
    @Test
    void theReconcilersVerdictWins() {
        assertThat(TransientFailures.isDependencyFailure(new ReconcileException("registry timeout", true))).isTrue();
        assertThat(TransientFailures.isDependencyFailure(new ChecksumMismatchException("mismatch", "a", "b"))).isFalse();
        assertThat(TransientFailures.isDependencyFailure(
                new ReconcileException("bad URL", false, new ConnectException("refused")))).isFalse();
    }

    @Test
    void aContainerRemovedMeanwhileIsNoEngineFailureYetTheFailureIsTransient() {
        var vanished = new ContainerVanishedException("the new container of web was removed while starting",
                new RuntimeException("Status 404"));
        assertThat(TransientFailures.isDependencyFailure(vanished)).isFalse();
        assertThat(vanished.isTransient()).isTrue(); // so no rollout is judged failed by it
    }

    @Test
    void transportFailuresAreTransient() {
        assertThat(TransientFailures.isDependencyFailure(new RuntimeException(new IOException("broken pipe")))).isTrue();
        assertThat(TransientFailures.isDependencyFailure(new UncheckedIOException(new ConnectException("refused")))).isTrue();
        assertThat(TransientFailures.isDependencyFailure(
                new IllegalStateException("x", new SocketTimeoutException("read timed out")))).isTrue();
        assertThat(TransientFailures.isDependencyFailure(new IllegalStateException("a bug"))).isFalse();
        assertThat(TransientFailures.isDependencyFailure(new UncheckedIOException(new IOException("disk full")))).isFalse();
    }

    @Test
    void interruptionsAndRefusedCallsAreNotDependencyFailures() {
        assertThat(TransientFailures.isDependencyFailure(
                new ReconcileException("interrupted", true, new InterruptedException()))).isFalse();
        assertThat(TransientFailures.isDependencyFailure(
                new DependencyUnavailableException(Dependency.REGISTRY, Instant.EPOCH, "open"))).isFalse();
    }
}
