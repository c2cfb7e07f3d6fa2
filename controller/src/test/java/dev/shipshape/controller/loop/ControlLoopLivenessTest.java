package dev.shipshape.controller.loop;

import dev.shipshape.controller.RolloutGuard;
import dev.shipshape.controller.source.FileSource;
import dev.shipshape.model.desired.DesiredFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The loop never ends or goes silent on an Error, and /healthz's answer follows its heartbeat. */
class ControlLoopLivenessTest {
    @TempDir
    Path dir;
    Path file;
    ControlLoop loop;
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger delays = new AtomicInteger();

    @BeforeEach
    void writeFile() throws Exception {
        file = dir.resolve("server.yaml");
        Files.writeString(file, """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata: {name: demo}
                spec:
                  version: 1.0.0
                  source: {url: "http://127.0.0.1:1/demo-{version}.zip", insecure: true}
                  projectDir: projects/demo
                """);
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    void start(ControlLoop.Pass pass, Function<DesiredFile, Duration> allowance) {
        loop = new ControlLoop(new FileSource(file), pass, new LoopListener() {
            @Override
            public void passFailed(DesiredFile desired, Throwable error, Duration retryIn, long millis) {
                failures.add(error.getMessage());
            }
        }, new ControlLoop.RetryDelay() {
            @Override
            public Duration next() {
                delays.incrementAndGet();
                return Duration.ofMillis(50);
            }

            @Override
            public void reset() {
            }
        }, List.of(), new RolloutGuard(Clock.systemUTC()), allowance);
    }

    @Test
    void anErrorInAPassIsAFailedPassRetriedWithBackoffAndTheLoopGoesOn() {
        AtomicInteger passes = new AtomicInteger();
        start((p, g, l) -> {
            if (passes.incrementAndGet() == 1) {
                throw new StackOverflowError();
            }
            return ControlLoopTest.converged(p);
        }, LoopHeartbeat::allowanceFor);
        loop.trigger("start");
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2 && !loop.busy());
        assertThat(failures).singleElement().asString()
                .contains("unexpected StackOverflowError", "retried with backoff");
        assertThat(delays).as("backed off once").hasValue(1);
        assertThat(loop.alive()).isTrue();
    }

    @Test
    void aPassSilentForLongerThanItMayTakeMakesTheLoopNotAliveUntilItMovesAgain() throws Exception {
        CountDownLatch inPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start((p, g, l) -> {
            inPass.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ControlLoopTest.converged(p);
        }, d -> Duration.ofMillis(100));
        assertThat(loop.alive()).as("an idle loop waits for a trigger: alive").isTrue();
        loop.trigger("start");
        assertThat(inPass.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !loop.alive());
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !loop.busy() && loop.alive());
    }

    @Test
    void aPassMayBeSilentForItsLongestTimeoutTimesTheRetriesPlusAMargin() throws Exception {
        DesiredFile desired = new FileSource(file).read().desired();
        // the defaults: source.timeout 1h is the longest
        assertThat(LoopHeartbeat.allowanceFor(desired)).isEqualTo(Duration.ofHours(3).plus(LoopHeartbeat.MARGIN));
    }
}
