package dev.shipshape.model.rollout;

/** What follows a pass, as the {@link RolloutPolicy} decides it. */
public sealed interface Decision {

    /** Nothing more to do now: converged, suspended, or waiting (for a maintenance window, a held rollout). */
    record Done() implements Decision {
    }

    /** It acted and more may follow: pass again at once (to confirm, or to plan what the actions made visible). */
    record Continue() implements Decision {
    }

    /** A rollout failed: record it, then pass again at once, which goes back to {@code record.restoredVersion()}. */
    record RollBack(FailedRollout record) implements Decision {
    }

    /**
     * A rollout failed and there is nothing to go back to, or autoRollback is false: record it, leave the
     * failed state as it is, and do not try the version again until the desired file changes.
     */
    record Hold(FailedRollout record) implements Decision {
    }

    /** A failure that says nothing about the release: try again later (with backoff, in {@code run}). */
    record Retry(Failure failure) implements Decision {
    }

    /** The pass was cancelled for a newer state: no failure, no backoff; the next pass takes over. */
    record Yield(String why) implements Decision {
    }
}
