package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.release.JobSpec;

/**
 * Run a one-shot job of release {@code version} to completion: a container with the image,
 * environment and volumes of {@code spec} (the job's service, as the target release renders it)
 * and the job's command. It must exit 0; success is recorded under {@link #key()} so it never
 * runs again. {@link #describe()} never shows the environment (it may hold secrets).
 */
public record RunJob(JobSpec job, ServiceSpec spec, Version version) implements Action {

    /** The key the completed job is recorded under: {@code name@version}. */
    public String key() {
        return ObservedState.jobKey(job.name(), version);
    }

    @Override
    public String kind() {
        return "job";
    }

    @Override
    public String describe() {
        return "run job " + job.name() + " of " + version + " (" + job.when().name().toLowerCase(java.util.Locale.ROOT)
                + (job.before().isEmpty() ? "" : ", before " + String.join(", ", job.before())) + ")";
    }

    /**
     * An upgrade job changes data the running version still uses (a schema migration), so it is
     * held back like a restart; an install job runs before anything serves.
     */
    @Override
    public boolean disruptive() {
        return job.when() == JobSpec.When.UPGRADE;
    }

    @Override
    public Reason why() {
        return Reason.JOB_DUE;
    }

    @Override
    public String detail() {
        return "job " + job.name() + " of " + version + " (" + job.when().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
