package dev.shipshape.model.rollout;

/**
 * Why an action failed, as a value the {@link RolloutPolicy} can judge.
 *
 * @param kind    what the failure says about the release, the host or the moment
 * @param message what happened and what to do, for people (safe to show: no secrets)
 * @param error   the failure as it was raised, for logs and reports only: the policy never looks at it
 * @param service the service that failed when the action covers several (a rollout window), or null: the action's own
 */
public record Failure(Kind kind, String message, RuntimeException error, String service) {

    public Failure(Kind kind, String message, RuntimeException error) {
        this(kind, message, error, null);
    }

    /** The same failure, naming the service of a many-service action that failed. */
    public Failure inService(String failedService) {
        return new Failure(kind, message, error, failedService);
    }

    public enum Kind {
        /** shipshape's own verdict on what the release does: not healthy, exited, crash-looped, a job failed */
        VERDICT,
        /** a dependency failed in a way that trying again later can help (a registry, a container removed meanwhile) */
        TRANSIENT,
        /** the Docker engine does not answer: says nothing about the release */
        HOST_FAULT,
        /** a gate refused to let the action start (a crash loop held back, a closed window) */
        REFUSED,
        /** anything else the engine or the code raised */
        UNEXPECTED
    }

    public boolean isVerdict() {
        return kind == Kind.VERDICT;
    }
}
