package dev.shipshape.reconcilers.swarm;

import dev.shipshape.model.swarm.SwarmRollout;
import dev.shipshape.model.swarm.SwarmServiceDefinition;

import java.util.List;
import java.util.Map;

/**
 * The swarm runtime's seam: what converging a release into Swarm services needs from a swarm manager, and no more.
 * The Docker implementation ({@code reconcilers.docker.DockerSwarmApi}) speaks the Engine API; tests may fake it.
 */
public interface SwarmApi {
    /** The swarm's nodes; raises {@link NotASwarmManagerException} when the engine is not a manager of a swarm. */
    List<SwarmNode> nodes();

    /**
     * {@code repository@sha256:…} of an image reference, asked of its registry by the manager (so a registry
     * only the swarm's nodes reach still answers); raises {@link ImageNotResolvableException} when it is missing.
     */
    String resolveDigest(String image);

    /** The services labelled {@code com.docker.stack.namespace=<project>}. */
    List<ObservedService> services(String project);

    /** The service's tasks, newest first. */
    List<ObservedTask> tasks(String serviceId);

    /** One service by id, or null when it is gone. */
    ObservedService service(String serviceId);

    /**
     * Creates the service; returns its id. The configs it names must exist.
     *
     * @param rollout the service's {@code UpdateConfig} and {@code RollbackConfig}
     */
    String create(SwarmServiceDefinition def, Map<String, String> serviceLabels, SwarmRollout rollout);

    /** Replaces the service's spec (Swarm then rolls its tasks by the spec's update config, {@code rollout}'s). */
    void update(ObservedService current, SwarmServiceDefinition def, Map<String, String> serviceLabels, SwarmRollout rollout);

    /**
     * Creates a one-shot job as a {@code replicated-job} service named {@code name}: one task, restart none, the
     * image, environment, volumes and placement of {@code service} (so it runs on the node that holds the service's
     * data) with {@code command} as its arguments and no health check. Returns its id.
     */
    String createJob(String name, SwarmServiceDefinition service, List<String> command, Map<String, String> serviceLabels);

    void remove(String serviceId);

    /**
     * Sets how many tasks a replicated service runs, its spec otherwise as it is ({@code spec.state: stopped} scales
     * to 0 and back): Swarm starts or stops tasks, and replaces none that stays.
     */
    void scale(ObservedService current, int replicas);

    /**
     * What a service someone else made runs beyond {@link ObservedService} (entrypoint, networks by name, mounts with a
     * bind's file content as this machine has it, configs with their data, constraints), for {@link Adoption}; null
     * when it is gone.
     */
    StackService inspect(String serviceId);

    /**
     * Takes a service over without touching its tasks: sends the service's own current spec back (its
     * {@code TaskTemplate} untouched, at its current version index) with {@code labels} added to the service's labels
     * only, so Swarm replaces no task.
     */
    void relabel(ObservedService current, Map<String, String> labels);

    /** The configs and secrets shipshape made for the project (labelled with it and as managed), by name. */
    Map<String, String> configs(String project);

    /** Creates the config (name, content) labelled with the project, unless it exists; a Swarm secret when the file holds one. */
    void ensureConfig(String project, SwarmServiceDefinition.CarriedFile file);

    /** Removes a config or secret; one still used by a service is kept (Swarm refuses) and reported false. */
    boolean removeConfig(String id);

    record SwarmNode(String id, String hostname, String availability, String state, boolean manager) {
    }
}
