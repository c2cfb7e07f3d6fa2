package dev.shipshape.model.plan;

/**
 * One step of a plan. Each kind is carried out by exactly one reconciler; every action is safe to
 * repeat and safe to interrupt. {@link #describe()} is what plan output shows and never includes
 * configuration values (they may be secrets).
 */
public sealed interface Action permits DownloadRelease, PullImages, ExportRelease, AdoptContainer, CreateService,
        RecreateService, ReplaceWindow, StartService, StopService, RemoveContainer, RecordInstalled,
        RunJob, TakeSnapshot, RestoreSnapshot {

    /** A stable short name, used in JSON output and metrics. */
    String kind();

    /** One line for people. */
    String describe();

    /** The service this action creates, replaces, starts or stops; null when it concerns no single service. */
    default String service() {
        return null;
    }

    /** Why this action is in the plan (a stable code and a label; see {@link Reason}). */
    Reason why();

    /** The specifics behind {@link #why()} for people, e.g. {@code image a:1 -> a:2}; never configuration values. */
    String detail();

    /** Whether this action stops or replaces a running container, i.e. causes downtime. */
    default boolean disruptive() {
        return false;
    }
}
