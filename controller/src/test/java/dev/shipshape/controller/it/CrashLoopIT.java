package dev.shipshape.controller.it;

import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.resilience.CrashLoopGuard;
import dev.shipshape.controller.resilience.ResilienceSettings;
import dev.shipshape.controller.status.ConditionStatus;
import dev.shipshape.controller.status.ConditionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code shipshape run} against the real engine: a service that keeps dying is not restarted past
 * the cap, and status says Degraded. It has a controller of its own because it leaves the service
 * capped and down (for the crash-loop window), which no other test could start from.
 */
class CrashLoopIT {
    /** Death to serving again: one event, one observation, one container start and its first health check. */
    private static final Duration HEAL_BOUND = Duration.ofSeconds(15);
    static final int CRASH_LOOP_CAP = 3;

    @RegisterExtension
    static final RunningController running = RunningController.builder().resilience(resilience()).build();

    final TestProject project = running.project();
    final Controller controller = running.controller();

    /** The test settings, with restarts of a service capped at {@link #CRASH_LOOP_CAP} and quick requeues. */
    static ResilienceSettings resilience() {
        ResilienceSettings d = ResilienceSettings.forTests();
        return new ResilienceSettings(d.breakerWindowSize(), d.breakerMinimumCalls(),
                d.breakerFailureRate(), d.breakerOpenFor(), d.breakerTrialCalls(), d.retryMaxAttempts(), d.retryInitialWait(),
                d.retryMultiplier(), d.retryJitter(), d.retryMaxWait(), Duration.ofMillis(200), Duration.ofSeconds(2),
                CRASH_LOOP_CAP, Duration.ofMinutes(5));
    }

    @Test
    void aServiceThatKeepsDyingIsNotRestartedPastTheCapAndStatusSaysDegraded() throws Exception {
        CrashLoopGuard guard = running.injector().getInstance(CrashLoopGuard.class);
        boolean capped = false;
        for (int i = 0; i < CRASH_LOOP_CAP + 2 && !capped; i++) {
            String api = project.containerIds().get("api");
            project.docker.stopContainerCmd(api).withTimeout(1).exec();
            await().atMost(HEAL_BOUND).pollInterval(Duration.ofMillis(100)).until(() ->
                    project.get(project.apiPort, "/status.json") != null || degradedBy("CrashLoop"));
            capped = degradedBy("CrashLoop");
        }
        assertThat(capped).as("status says Degraded/CrashLoop within " + (CRASH_LOOP_CAP + 2) + " deaths; restarts "
                + guard.restarts("api", Instant.now()) + ", deaths " + guard.deaths("api", Instant.now()) + ", status "
                + controller.status().snapshot()).isTrue();
        assertThat(guard.restarts("api", Instant.now())).isLessThanOrEqualTo(CRASH_LOOP_CAP);
        assertThat(running.get("/readyz").statusCode()).isEqualTo(503);
        // Backing off, not restarting: the capped service stays down while the loop keeps retrying.
        running.awaitPasses(2, Duration.ofSeconds(30));
        assertThat(project.get(project.apiPort, "/status.json")).as("api after two more reconciliations").isNull();
        assertThat(controller.status().snapshot().lastError()).contains("api");
    }

    private boolean degradedBy(String reason) {
        return controller.status().snapshot().condition(ConditionType.DEGRADED)
                .map(c -> c.status() == ConditionStatus.TRUE && reason.equals(c.reason())).orElse(false);
    }
}
