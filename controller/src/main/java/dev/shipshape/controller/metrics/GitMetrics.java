package dev.shipshape.controller.metrics;

import dev.shipshape.controller.status.AppliedCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Metrics of a controller that follows a Git branch, in the controller's registry:
 * {@code shipshape_git_fetch_total{result}}, {@code shipshape_git_commit_info{commit,branch}} (a constant 1)
 * and {@code shipshape_git_commit_timestamp_seconds}. A commit id is a label, but only one series exists at a
 * time: a new commit replaces the old one.
 */
@Singleton
public final class GitMetrics {
    static final String FETCHES = "shipshape.git.fetch";
    static final String COMMIT_INFO = "shipshape.git.commit.info";
    static final String COMMIT_TIME = "shipshape.git.commit.timestamp.seconds";

    private final MeterRegistry registry;
    private Gauge info;
    private Gauge time;
    private String current;

    @Inject
    public GitMetrics(ControllerMetrics metrics) {
        this.registry = metrics.registry();
    }

    /** One fetch of the followed branch ended. */
    public void fetch(boolean succeeded) {
        Counter.builder(FETCHES)
                .description("fetches of the followed Git branch, by result")
                .tag("result", succeeded ? "success" : "failure")
                .register(registry)
                .increment();
    }

    /** The commit whose desired file was last reconciled. */
    public synchronized void appliedCommit(AppliedCommit commit) {
        if (commit.id().equals(current)) {
            return;
        }
        if (info != null) {
            registry.remove(info);
            registry.remove(time);
        }
        info = Gauge.builder(COMMIT_INFO, () -> 1)
                .description("the Git commit whose desired file the controller applies")
                .tags("commit", commit.id(), "branch", commit.branch())
                .register(registry);
        long seconds = commit.time().getEpochSecond();
        time = Gauge.builder(COMMIT_TIME, () -> seconds)
                .description("the committer time of the applied Git commit")
                .register(registry);
        current = commit.id();
    }
}
