package dev.shipshape.controller.resilience;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    /** nextDouble() just below 1: every delay is its ceiling. */
    private static final RandomGenerator HIGHEST = () -> -1L;
    private static final RandomGenerator LOWEST = () -> 0L;

    private static Backoff backoff(RandomGenerator random) {
        return new Backoff(ResilienceSettings.defaults(), random);
    }

    @Test
    void doublesFromOneSecondUpToFiveMinutes() {
        Backoff backoff = backoff(HIGHEST);

        long[] seconds = new long[12];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = Math.round(backoff.next().toMillis() / 1000.0);
        }

        assertThat(seconds).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300);
        assertThat(backoff.failures()).isEqualTo(12);
    }

    @Test
    void fullJitterPicksAnythingFromZeroToTheCeiling() {
        Backoff backoff = backoff(new SplittableRandom(42));
        for (int i = 1; i <= 40; i++) {
            Duration next = backoff.next();
            assertThat(next).isBetween(Duration.ZERO, backoff.ceiling());
        }
        assertThat(backoff(LOWEST).next()).isEqualTo(Duration.ZERO);
    }

    @Test
    void staysCappedAfterVeryManyFailures() {
        Backoff backoff = backoff(HIGHEST);
        for (int i = 0; i < 10_000; i++) {
            backoff.next();
        }
        assertThat(backoff.ceiling()).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.next()).isLessThanOrEqualTo(Duration.ofMinutes(5)).isGreaterThan(Duration.ofMinutes(4));
    }

    @Test
    void resetStartsOverFromTheBase() {
        Backoff backoff = backoff(HIGHEST);
        backoff.next();
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(backoff.ceiling()).isEqualTo(Duration.ZERO);
        assertThat(backoff.next().toMillis()).isBetween(999L, 1000L);
        assertThat(backoff.failures()).isEqualTo(1);
    }
}
