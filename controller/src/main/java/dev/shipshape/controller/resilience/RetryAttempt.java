package dev.shipshape.controller.resilience;

import java.time.Duration;
import java.time.Instant;

/**
 * One retry of a call to a dependency.
 *
 * @param dependency the dependency called
 * @param retry      which retry this is: 1 for the second attempt
 * @param delay      how long shipshape waits before making it
 * @param at         when the failed attempt before it ended
 * @param failure    the message of that failure
 */
public record RetryAttempt(Dependency dependency, int retry, Duration delay, Instant at, String failure) {
}
