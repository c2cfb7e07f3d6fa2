package dev.shipshape.reconcilers.download;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineTest {
    @Test
    void noTimeoutNeverPasses() {
        assertThat(Deadline.after(null)).isSameAs(Deadline.NONE);
        assertThat(Deadline.NONE.passed()).isFalse();
        assertThat(Deadline.NONE.cap(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void capsALongerTimeoutToWhatIsLeft() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(30));
        assertThat(deadline.passed()).isFalse();
        assertThat(deadline.cap(Duration.ofMinutes(5))).isLessThanOrEqualTo(Duration.ofSeconds(30)).isPositive();
        assertThat(deadline.cap(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPassedDeadlineLeavesAtLeastOneMillisecond() {
        Deadline passed = new Deadline(System.nanoTime() - 1_000_000_000L, Duration.ofSeconds(1));
        assertThat(passed.passed()).isTrue();
        assertThat(passed.cap(Duration.ofMinutes(5))).isEqualTo(Duration.ofMillis(1));
    }
}
