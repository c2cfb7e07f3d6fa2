package dev.shipshape.controller.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One circuit breaker per dependency, and what a user needs to know when one is open: when it
 * opened, the last failure that counted, and when the next trial call will be let through.
 */
@Singleton
public final class DependencyBreakers {
    private final Map<Dependency, CircuitBreaker> breakers = new EnumMap<>(Dependency.class);
    private final Map<Dependency, Instant> openedAt = new ConcurrentHashMap<>();
    private final Map<Dependency, String> lastFailure = new ConcurrentHashMap<>();
    private final ResilienceSettings settings;
    private final Clock clock;

    @Inject
    public DependencyBreakers(CircuitBreakerRegistry registry, ResilienceSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        for (Dependency dependency : Dependency.values()) {
            CircuitBreaker breaker = registry.circuitBreaker(dependency.id());
            breaker.getEventPublisher()
                    .onStateTransition(e -> {
                        if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                            openedAt.put(dependency, clock.instant());
                        }
                    })
                    .onError(e -> lastFailure.put(dependency, String.valueOf(e.getThrowable().getMessage())));
            breakers.put(dependency, breaker);
        }
    }

    public CircuitBreaker of(Dependency dependency) {
        return breakers.get(dependency);
    }

    public CircuitBreaker.State state(Dependency dependency) {
        return of(dependency).getState();
    }

    /** When an open breaker lets its next trial call through; empty while it lets calls through. */
    public Optional<Instant> retryAt(Dependency dependency) {
        if (state(dependency) != CircuitBreaker.State.OPEN && state(dependency) != CircuitBreaker.State.FORCED_OPEN) {
            return Optional.empty();
        }
        Instant opened = openedAt.getOrDefault(dependency, clock.instant());
        return Optional.of(opened.plus(settings.breakerOpenFor()));
    }

    /** The failure to report for a call the breaker refused. */
    public DependencyUnavailableException unavailable(Dependency dependency) {
        CircuitBreaker.State state = state(dependency);
        Instant retryAt = retryAt(dependency).orElse(clock.instant());
        CircuitBreaker.Metrics metrics = of(dependency).getMetrics();
        String last = lastFailure.get(dependency);
        String why = state == CircuitBreaker.State.HALF_OPEN
                ? "a trial call to it is already under way after it failed repeatedly; shipshape tries again when that"
                + " call has shown whether it is back"
                : metrics.getNumberOfFailedCalls() + " of its last " + metrics.getNumberOfBufferedCalls()
                + " calls failed; shipshape will not call it again before " + retryAt;
        return new DependencyUnavailableException(dependency, retryAt, dependency.description() + " is unavailable: "
                + why + (last == null ? "" : " (last failure: " + last + ")") + ". " + capitalised(dependency.advice())
                + "; the running server is left as it is.");
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
