package dev.shipshape.reconcilers.runtime;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the service reconcilers need of a container runtime, and no more: the seam between "what a
 * rollout does" (create the replacement, stop the old one, start the new one, wait for health,
 * remove, rename) and the engine that does it. The single-host implementation speaks to one Docker
 * engine ({@code reconcilers.docker.DockerRuntime}); unit tests drive every action against an
 * in-memory one; a Swarm runtime is a further implementation, not conditionals in the reconcilers.
 *
 * <p>Every operation is idempotent where its goal already holds (stopping a stopped container,
 * removing an absent one), because every action must be safe to repeat after a crash. Failures the
 * callers must tell apart are typed: {@link NameTakenException}, {@link NoSuchImageException},
 * {@link NoSuchContainerException}; anything else is the engine failing and propagates as it is.
 */
public interface ContainerRuntime {

    /** The project's containers (one labelled query) and the images known locally. */
    RuntimeObservation observe(String project);

    /** The container with this id or name, or empty when there is none. */
    Optional<ContainerInfo> inspect(String idOrName);

    /**
     * Creates (does not start) a container.
     *
     * @return its id
     * @throws NameTakenException when a container of that name exists
     * @throws NoSuchImageException when the image is not on this host
     */
    String create(ContainerDefinition definition);

    /**
     * Starts a container.
     *
     * @return false when it was running already
     * @throws NoSuchContainerException when it does not exist
     */
    boolean start(String id);

    /** Stops a container, giving it {@code grace} before it is killed; a stopped or absent one is fine. */
    void stop(String id, Duration grace);

    /** Kills a running container; one that ended or is gone is fine. */
    void kill(String id);

    /** Removes a container, running or not, never its volumes; an absent one is fine. */
    void remove(String id);

    /** Gives a container another name. */
    void rename(String id, String name);

    /**
     * Runs {@code command} inside a running container (as {@code docker exec}, without a terminal and
     * without keeping its output: a health command may print what must not be logged) and waits for it
     * at most {@code timeout}.
     *
     * @return its exit code; empty when it did not end within {@code timeout} or the container is not running,
     * or when the runtime cannot exec (the default: the health gate then waits for the runtime's own status)
     * @throws NoSuchContainerException when the container does not exist
     */
    default java.util.OptionalLong exec(String id, java.util.List<String> command, Duration timeout) {
        return java.util.OptionalLong.empty();
    }

    /**
     * Makes, before an outage, one call of each kind the outage makes (inspect, stop, start, exec), none of which
     * changes anything: {@code createdId} is a container that was created and never started (its stop and its exec
     * are refused as such), and the start and the exec's own start go to nothing that exists. A fresh process pays
     * its first calls' set-up (class loading, serializers, the first connections) here, while the old version still
     * serves, instead of beside the engine's stops and starts (issue 17: at N = 5 that CPU was a fifth of the
     * window's extra time on two cores). Never fails; the default does nothing.
     */
    default void warmUp(String createdId) {
    }

    /**
     * The labels of the volume {@code name}, or empty when there is no such volume. Labels rather than
     * a yes/no: a volume name ({@code <project>_<volume>}) can be another project's, and only its
     * project label tells whose it is.
     */
    Optional<Map<String, String>> volumeLabels(String name);

    void createVolume(String name, Map<String, String> labels);

    /**
     * Whether the runtime itself sent the container a stop signal since {@code since} (a stop, or the
     * engine shutting down), as opposed to the container exiting on its own. When the runtime cannot
     * tell, true: a release is judged bad only on evidence.
     */
    boolean stoppedByRuntimeSince(String id, Instant since);

    // --- volume snapshots (issue 19): the archive endpoints, pause, and what a restore needs of volumes ---

    /**
     * A tar stream of {@code path} in a container (running, paused, stopped or only created): the
     * engine's archive endpoint, so it works with a remote engine and needs no helper image. The caller closes it.
     *
     * @throws NoSuchContainerException when the container does not exist
     */
    InputStream readArchive(String container, String path);

    /**
     * Extracts the tar stream {@code tar} into directory {@code path} of a container (running or not), keeping
     * the owners and modes the tar holds.
     *
     * @throws NoSuchContainerException when the container does not exist
     */
    void writeArchive(String container, String path, InputStream tar);

    /** Freezes a running container's processes; one that is paused already, or not running, is fine. */
    void pause(String id);

    /** Thaws a paused container; one that is not paused is fine. */
    void unpause(String id);

    /** The ids of every container, of any project and in any state, that mounts volume {@code name}. */
    List<String> containersUsing(String volume);

    /** Removes a volume no container uses; an absent one is fine. */
    void removeVolume(String name);
}
