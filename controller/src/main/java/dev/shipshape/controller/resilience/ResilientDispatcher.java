package dev.shipshape.controller.resilience;

import dev.shipshape.model.plan.Action;
import dev.shipshape.reconcilers.ActionOutcome;
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
     * <p>resilience4j's retry and breakers count what is thrown, so inside them an outcome that is not
     * done is raised as its failure (the same typed errors {@link TransientFailures} judges); what the
     * last attempt raised leaves this method as it is, for the executor to turn into a value.
     *
     * @return the action's outcome when it was done, or when it failed without a dependency to guard
     * @throws DependencyUnavailableException when the dependency's breaker is open (nothing was called)
     * @throws RuntimeException               the last failure of the action otherwise, unchanged
     */
    public <A extends Action> ActionOutcome run(A action, ProjectContext project) {
        Optional<Dependency> dependency = ActionDependencies.of(action);
        if (dependency.isEmpty()) {
            return dispatcher.run(action, project);
        }
        Dependency d = dependency.get();
        CircuitBreaker breaker = breakers.of(d);
        retries.of(d).executeRunnable(() -> {
            try {
                breaker.executeRunnable(() -> dispatcher.run(action, project).orThrow());
            } catch (CallNotPermittedException refused) {
                // not retried: the breaker already knows the dependency is down
                throw breakers.unavailable(d);
            }
        });
        return ActionOutcome.done();
    }
}
