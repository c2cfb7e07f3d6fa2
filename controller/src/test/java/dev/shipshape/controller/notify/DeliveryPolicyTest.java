package dev.shipshape.controller.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryPolicyTest {
    @Test
    void theDelayDoublesUpToItsBoundAndTheAttemptsAreBounded() {
        DeliveryPolicy p = DeliveryPolicy.DEFAULT;
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.delayAfter(5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(p.delayAfter(6)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.delayAfter(60)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.retriesAfter(5)).isTrue();
        assertThat(p.retriesAfter(6)).isFalse();
    }

    @Test
    void aPolicyWithoutAttemptsIsRefused() {
        assertThatThrownBy(() -> new DeliveryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
