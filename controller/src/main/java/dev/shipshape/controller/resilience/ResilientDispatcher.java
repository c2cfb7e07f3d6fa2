package dev.shipshape.controller.resilience;

import dev.shipshape.model.plan.Action;
import dev.shipshape.reconcilers.ProjectContext;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Runs an action through the {@link ActionDispatcher}, guarded by the circuit breaker and retry of
 * the dependency it calls. Each attempt passes the breaker, so once it opens the remaining attempts
 * fail fast instead of waiting on a dependency known to be down.
 */
@Singleton
public final class ResilientDispatcher {
    private final ActionDispatcher dispatcher;
    private final DependencyBreakers breakers;
    private final RetryAttempts retries;

    @Inject
    public ResilientDispatcher(ActionDispatcher dispatcher, DependencyBreakers breakers, RetryAttempts retries) {
        this.dispatcher = dispatcher;
        this.breakers = breakers;
        this.retries = retries;
    }

    /**
     * Runs {@code action}; retries transient failures of its dependency with growing waits.
     *
     * @throws DependencyUnavailableException when the dependency's breaker is open (nothing was called)
     * @throws RuntimeException               the last failure of the action otherwise, unchanged
     */
    public <A extends Action> void run(A action, ProjectContext project) {
        Optional<Dependency> dependency = ActionDependencies.of(action);
        if (dependency.isEmpty()) {
            dispatcher.run(action, project);
            return;
        }
        Dependency d = dependency.get();
        CircuitBreaker breaker = breakers.of(d);
        retries.of(d).executeRunnable(() -> {
            try {
                breaker.executeRunnable(() -> dispatcher.run(action, project));
            } catch (CallNotPermittedException refused) {
                // not retried: the breaker already knows the dependency is down
                throw breakers.unavailable(d);
            }
        });
    }
}
