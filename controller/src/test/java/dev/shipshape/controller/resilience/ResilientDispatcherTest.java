package dev.shipshape.controller.resilience;

import dev.shipshape.controller.resilience.ActionDispatcher;
import dev.shipshape.controller.ManualClock;
import dev.shipshape.model.Version;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.download.ChecksumMismatchException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilientDispatcherTest {
    private static final ProjectContext PROJECT = new ProjectContext(null, null, dev.shipshape.reconcilers.Cancellation.none());
    private static final Version V = Version.parse("1.1.0");
    private static final PullImages PULL = new PullImages(List.of());
    private static final DownloadRelease DOWNLOAD = new DownloadRelease(V, URI.create("http://127.0.0.1/r.zip"));
    private static final StartService START = new StartService("api", "0123456789abcdef", "stopped");
    private static final ExportRelease EXPORT = new ExportRelease(V, List.of());

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T12:00:00Z"));
    private final ScriptedReconciler<PullImages> pull = new ScriptedReconciler<>(PullImages.class);
    private final ScriptedReconciler<DownloadRelease> download = new ScriptedReconciler<>(DownloadRelease.class);
    private final ScriptedReconciler<StartService> start = new ScriptedReconciler<>(StartService.class);
    private final ScriptedReconciler<ExportRelease> export = new ScriptedReconciler<>(ExportRelease.class);

    private DependencyBreakers breakers;
    private RetryAttempts retries;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private ResilientDispatcher dispatcher(ResilienceSettings settings) {
        breakers = new DependencyBreakers(CircuitBreakerRegistry.of(ResilienceConfigs.breaker(settings, clock)),
                settings, clock);
        retries = new RetryAttempts(RetryRegistry.of(ResilienceConfigs.retry(settings)), clock);
        return new ResilientDispatcher(new ActionDispatcher(Set.of(pull, download, start, export)), breakers, retries);
    }

    private static ReconcileException registryDown() {
        return new ReconcileException("pulling registry.example/api:1 failed: connection refused", true);
    }

    @Test
    void transientFailureIsRetriedThenSucceeds() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests());
        pull.thenFail(registryDown()).thenFail(registryDown());

        dispatcher.run(PULL, PROJECT);

        assertThat(pull.calls()).isEqualTo(3);
        assertThat(retries.recent()).extracting(RetryAttempt::dependency, RetryAttempt::retry)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Dependency.REGISTRY, 1),
                        org.assertj.core.groups.Tuple.tuple(Dependency.REGISTRY, 2));
    }

    @Test
    void dockerTransportFailureIsRetried() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests());
        start.thenFail(new RuntimeException(new ConnectException("Connection refused")))
                .thenFail(new RuntimeException(new IOException("Broken pipe", new java.net.SocketException("reset"))));

        dispatcher.run(START, PROJECT);

        assertThat(start.calls()).isEqualTo(3);
    }

    @Test
    void nonTransientFailureIsNeitherRetriedNorCountedByTheBreaker() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests());
        download.failingAlways(() -> new ChecksumMismatchException("checksum mismatch", "aa", "bb"));

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> dispatcher.run(DOWNLOAD, PROJECT)).isInstanceOf(ChecksumMismatchException.class);
        }

        assertThat(download.calls()).isEqualTo(6);
        CircuitBreaker breaker = breakers.of(Dependency.RELEASE_SOURCE);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
        assertThat(retries.recent()).isEmpty();
    }

    @Test
    void aBugIsNotRetried() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests());
        start.thenFail(new IllegalStateException("a bug"));

        assertThatThrownBy(() -> dispatcher.run(START, PROJECT)).hasMessage("a bug");

        assertThat(start.calls()).isEqualTo(1);
    }

    @Test
    void nothingIsRetriedWhileShuttingDown() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests());
        pull.thenFail(registryDown());
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> dispatcher.run(PULL, PROJECT)).isInstanceOf(ReconcileException.class);

        assertThat(pull.calls()).isEqualTo(1);
    }

    @Test
    void localActionsAreNotRetried() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests());
        export.thenFail(new ReconcileException("disk full", true));

        // a local action's failure comes back as the value it reported, after one call
        assertThat(dispatcher.run(EXPORT, PROJECT)).isInstanceOfSatisfying(ActionOutcome.Failed.class,
                f -> assertThat(f.failure().message()).isEqualTo("disk full"));

        assertThat(export.calls()).isEqualTo(1);
    }

    @Test
    void breakerOpensFailsFastAndLeavesOtherDependenciesAlone() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests()); // window 4, 3 attempts
        pull.failingAlways(ResilientDispatcherTest::registryDown);

        // 3 failed attempts: fewer than the 4 calls the breaker needs to judge
        assertThatThrownBy(() -> dispatcher.run(PULL, PROJECT)).isNotInstanceOf(DependencyUnavailableException.class);
        assertThat(breakers.state(Dependency.REGISTRY)).isEqualTo(CircuitBreaker.State.CLOSED);
        // the 4th failure opens it; the retry after it is refused without calling the registry
        assertThatThrownBy(() -> dispatcher.run(PULL, PROJECT)).isInstanceOf(DependencyUnavailableException.class);
        assertThat(pull.calls()).isEqualTo(4);
        assertThat(breakers.state(Dependency.REGISTRY)).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> dispatcher.run(PULL, PROJECT))
                .isInstanceOfSatisfying(DependencyUnavailableException.class, e -> {
                    assertThat(e.dependency()).isEqualTo(Dependency.REGISTRY);
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.retryAt()).isEqualTo(Instant.parse("2025-01-01T12:00:30Z"));
                    assertThat(e.getMessage()).contains("the image registry is unavailable",
                            "not call it again before 2025-01-01T12:00:30Z", "connection refused",
                            "Check that the registry is up");
                });
        assertThat(pull.calls()).as("an open breaker fails fast").isEqualTo(4);

        dispatcher.run(START, PROJECT);
        assertThat(start.calls()).isEqualTo(1);
        assertThat(breakers.state(Dependency.DOCKER_ENGINE)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.state(Dependency.RELEASE_SOURCE)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void breakerLetsATrialCallThroughOnceItsWaitIsOverAndClosesOnSuccess() {
        ResilientDispatcher dispatcher = dispatcher(ResilienceSettings.forTests());
        pull.failingAlways(ResilientDispatcherTest::registryDown);
        assertThatThrownBy(() -> dispatcher.run(PULL, PROJECT)).isInstanceOf(ReconcileException.class);
        assertThatThrownBy(() -> dispatcher.run(PULL, PROJECT)).isInstanceOf(DependencyUnavailableException.class);

        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> dispatcher.run(PULL, PROJECT)).isInstanceOf(DependencyUnavailableException.class);

        clock.advance(Duration.ofSeconds(2));
        pull.succeeding();
        dispatcher.run(PULL, PROJECT);

        assertThat(breakers.state(Dependency.REGISTRY)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.retryAt(Dependency.REGISTRY)).isEmpty();
    }

    @Test
    void retryWaitsGrowExponentiallyWithinTheCap() {
        ResilienceSettings base = ResilienceSettings.forTests();
        // a breaker wide enough not to open during this one action
        ResilienceSettings settings = new ResilienceSettings(20, 20, 50f, base.breakerOpenFor(), 1,
                5, Duration.ofMillis(10), 2.0, 0.25, Duration.ofMillis(80),
                base.requeueBase(), base.requeueCap(), base.crashLoopMaxRestarts(), base.crashLoopWindow());
        ResilientDispatcher dispatcher = dispatcher(settings);
        start.failingAlways(() -> new ReconcileException("the Docker engine did not answer", true));

        assertThatThrownBy(() -> dispatcher.run(START, PROJECT)).hasMessage("the Docker engine did not answer");

        assertThat(start.calls()).isEqualTo(5);
        List<Long> waits = retries.recent().stream().map(a -> a.delay().toMillis()).toList();
        assertThat(waits).hasSize(4).isSorted().doesNotHaveDuplicates().allMatch(w -> w <= 80);
        assertThat(waits.get(0)).isBetween(7L, 13L);
        assertThat(waits.get(3)).isBetween(60L, 80L);
    }

    @Test
    void productionRetryWaitsStartAtHalfASecondDoubleAndStopAtTenSeconds() {
        var intervals = ResilienceConfigs.retryIntervals(ResilienceSettings.defaults());
        for (int round = 0; round < 200; round++) {
            long previous = 0;
            for (int attempt = 1; attempt <= 5; attempt++) {
                long wait = intervals.apply(attempt);
                long nominal = 500L << (attempt - 1);
                assertThat(wait).isGreaterThan(previous)
                        .isBetween((long) (nominal * 0.75), Math.min(10_000, (long) (nominal * 1.25)));
                previous = wait;
            }
            for (int attempt = 6; attempt <= 12; attempt++) {
                assertThat(intervals.apply(attempt)).isBetween(7_500L, 10_000L);
            }
        }
    }
}
