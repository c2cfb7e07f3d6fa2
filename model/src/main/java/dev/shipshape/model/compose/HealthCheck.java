package dev.shipshape.model.compose;

import java.time.Duration;
import java.util.List;

/** A Docker health check; {@code test} starts with CMD or CMD-SHELL as in compose. */
public record HealthCheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
    public HealthCheck {
        test = List.copyOf(test);
    }
}
