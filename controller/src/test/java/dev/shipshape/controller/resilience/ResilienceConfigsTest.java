package dev.shipshape.controller.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceConfigsTest {
    private final ResilienceSettings settings = ResilienceSettings.defaults();

    @Test
    void longCallsThatSucceedNeverOpenTheBreaker() {
        CircuitBreaker breaker = CircuitBreaker.of("docker", ResilienceConfigs.breaker(settings, Clock.systemUTC()));
        // a rollout of 100 services, one down at a time: every action waits minutes for its turn
        for (int i = 0; i < 3 * settings.breakerWindowSize(); i++) {
            breaker.onSuccess(5, TimeUnit.MINUTES);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfSlowCalls()).isZero();
    }

    @Test
    void failuresOfTheDependencyStillOpenIt() {
        CircuitBreaker breaker = CircuitBreaker.of("docker", ResilienceConfigs.breaker(settings, Clock.systemUTC()));
        for (int i = 0; i < settings.breakerWindowSize(); i++) {
            breaker.onError(10, TimeUnit.MILLISECONDS, new ConnectException("Connection refused"));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
