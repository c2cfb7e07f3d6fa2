package dev.shipshape.controller.resilience;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One retry per dependency, and a short record of the retries made, so status and tests can show
 * that the waits between attempts grow instead of hammering a dependency that is down.
 */
@Singleton
public final class RetryAttempts {
    /** Enough to show a few rounds of backoff; older ones say nothing new. */
    static final int KEPT = 50;

    private final Map<Dependency, Retry> retries = new EnumMap<>(Dependency.class);
    private final Deque<RetryAttempt> recent = new ArrayDeque<>();
    private final List<Consumer<RetryAttempt>> listeners = new CopyOnWriteArrayList<>();

    @Inject
    public RetryAttempts(RetryRegistry registry, Clock clock) {
        for (Dependency dependency : Dependency.values()) {
            Retry retry = registry.retry(dependency.id());
            retry.getEventPublisher().onRetry(e -> record(new RetryAttempt(dependency, e.getNumberOfRetryAttempts(),
                    e.getWaitInterval(), clock.instant(), String.valueOf(e.getLastThrowable().getMessage()))));
            retries.put(dependency, retry);
        }
    }

    public Retry of(Dependency dependency) {
        return retries.get(dependency);
    }

    /** Calls {@code listener} for every retry from now on, on the thread that retries. */
    public void addListener(Consumer<RetryAttempt> listener) {
        listeners.add(listener);
    }

    /** The last retries, oldest first. */
    public synchronized List<RetryAttempt> recent() {
        return new ArrayList<>(recent);
    }

    private void record(RetryAttempt attempt) {
        synchronized (this) {
            if (recent.size() == KEPT) {
                recent.removeFirst();
            }
            recent.addLast(attempt);
        }
        listeners.forEach(l -> l.accept(attempt));
    }
}
