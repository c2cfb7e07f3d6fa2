package dev.shipshape.model.swarm;

import dev.shipshape.model.desired.Rollout;
import dev.shipshape.model.desired.RolloutStrategy;

import java.time.Duration;

/**
 * How a release's Swarm services are rolled out, derived from {@code spec.rollout} (pure). The fixed parts follow
 * from the host network: {@code stop-first} (a host port can't be bound twice on a node), one task at a time,
 * failure action {@code rollback}. What the desired file decides:
 * <ul>
 *   <li>{@code monitor}: how long Swarm watches a new task after it runs before it counts the update done, so a task
 *   that crashes right after its health check passed still rolls the service back. Derived from the health timeout
 *   ({@code healthTimeout / 24}), bounded to 1 s … 10 s: Swarm waits it out on every service it updates, so a long
 *   health timeout must not make every rollout that much slower (the default 120 s gives 5 s);</li>
 *   <li>{@code layered}: with {@code strategy: window} the services of one dependency layer are updated at once and
 *   followed together; with {@code one-at-a-time} one service after another.</li>
 * </ul>
 *
 * @param healthTimeout how long a layer (or a service) may take until all its tasks run healthy
 */
public record SwarmRollout(Duration healthTimeout, Duration monitor, boolean layered) {
    static final Duration MIN_MONITOR = Duration.ofSeconds(1);
    static final Duration MAX_MONITOR = Duration.ofSeconds(10);

    public static final String ORDER = "stop-first";
    public static final String FAILURE_ACTION = "rollback";
    public static final int PARALLELISM = 1;

    public static SwarmRollout of(Rollout rollout) {
        return of(rollout.healthTimeout(), rollout.strategy());
    }

    public static SwarmRollout of(Duration healthTimeout, RolloutStrategy strategy) {
        Duration monitor = healthTimeout.dividedBy(24);
        if (monitor.compareTo(MIN_MONITOR) < 0) {
            monitor = MIN_MONITOR;
        } else if (monitor.compareTo(MAX_MONITOR) > 0) {
            monitor = MAX_MONITOR;
        }
        return new SwarmRollout(healthTimeout, monitor, strategy != RolloutStrategy.ONE_AT_A_TIME);
    }
}
