package dev.shipshape.controller.resilience;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CrashLoopGuardTest {
    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private final CrashLoopGuard guard = new CrashLoopGuard(ResilienceSettings.defaults());

    private void dieAndRestart(String service, Instant at) {
        guard.recordDeath(service, at);
        assertThat(guard.mayRestart(service, at)).isTrue();
        guard.recordRestart(service, at);
    }

    @Test
    void stopsRestartingAfterFiveRestartsInFiveMinutes() {
        for (int i = 0; i < 5; i++) {
            dieAndRestart("api", T0.plusSeconds(30L * i)); // 12:00:00 … 12:02:00
        }
        Instant now = T0.plusSeconds(150);
        guard.recordDeath("api", now);

        assertThat(guard.mayRestart("api", now)).isFalse();
        assertThat(guard.blockedUntil("api", now)).contains(Instant.parse("2025-01-01T12:05:00Z"));
        assertThat(guard.reason(now)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("api restarted 5 times in 5m (it died 6 times); not restarting it again before 12:05:00Z")
                .contains("docker logs"));
        assertThat(guard.mayRestart("web", now)).as("other services are not affected").isTrue();
    }

    @Test
    void allowsAgainOnceTheOldestRestartLeavesTheWindow() {
        for (int i = 0; i < 5; i++) {
            guard.recordRestart("api", T0.plusSeconds(30L * i));
        }

        assertThat(guard.mayRestart("api", T0.plus(Duration.ofMinutes(5)).minusMillis(1))).isFalse();
        assertThat(guard.mayRestart("api", T0.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(guard.restarts("api", T0.plus(Duration.ofMinutes(5)))).isEqualTo(4);
        assertThat(guard.reason(T0.plus(Duration.ofMinutes(5)))).isEmpty();
    }

    @Test
    void restartsSpreadOverMoreThanTheWindowNeverBlock() {
        for (int i = 0; i < 50; i++) {
            Instant at = T0.plus(Duration.ofMinutes(2L * i)); // every 2 minutes: at most 3 in any 5
            dieAndRestart("api", at);
        }
        Instant end = T0.plus(Duration.ofMinutes(100));
        assertThat(guard.restarts("api", end)).isLessThanOrEqualTo(3);
        assertThat(guard.deaths("api", end)).isLessThanOrEqualTo(3);
    }

    @Test
    void oldEntriesFallOutOfTheWindow() {
        guard.recordDeath("api", T0);
        guard.recordRestart("api", T0);

        assertThat(guard.deaths("api", T0.plusSeconds(299))).isEqualTo(1);
        assertThat(guard.deaths("api", T0.plusSeconds(300))).isZero();
        assertThat(guard.restarts("api", T0.plusSeconds(300))).isZero();
    }

    @Test
    void honoursACustomCap() {
        CrashLoopGuard twice = new CrashLoopGuard(2, Duration.ofMinutes(1));
        twice.recordRestart("db", T0);
        twice.recordRestart("db", T0.plusSeconds(10));

        assertThat(twice.mayRestart("db", T0.plusSeconds(20))).isFalse();
        assertThat(twice.reason(T0.plusSeconds(20))).hasValueSatisfying(r -> assertThat(r)
                .startsWith("db restarted 2 times in 1m; not restarting it again before 12:01:00Z"));
        assertThat(twice.mayRestart("db", T0.plusSeconds(60))).isTrue();
    }
}
