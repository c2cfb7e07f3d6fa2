package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.reconcilers.runtime.ContainerDefinition;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import dev.shipshape.reconcilers.runtime.NameTakenException;
import dev.shipshape.reconcilers.runtime.NoSuchContainerException;
import dev.shipshape.reconcilers.runtime.NoSuchImageException;
import dev.shipshape.reconcilers.runtime.RuntimeObservation;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single-host runtime: containers on one Docker engine, through docker-java. The only place
 * where the service reconcilers' operations meet the engine's API and its error classes.
 */
public final class DockerRuntime implements ContainerRuntime {
    static final Duration EVENTS_TIMEOUT = Duration.ofSeconds(5);

    private final DockerClient docker;
    private final DockerObserver observer;

    public DockerRuntime(DockerClient docker) {
        this.docker = docker;
        this.observer = new DockerObserver(docker);
    }

    @Override
    public RuntimeObservation observe(String project) {
        return observer.observe(project);
    }

    @Override
    public Optional<ContainerInfo> inspect(String idOrName) {
        try {
            return Optional.of(info(docker.inspectContainerCmd(idOrName).exec()));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    @Override
    public String create(ContainerDefinition d) {
        CreateContainerCmd cmd = docker.createContainerCmd(d.image())
                .withName(d.name())
                .withLabels(d.labels())
                .withEnv(d.environment())
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode("host")
                        .withBinds(d.mounts().stream().map(m -> new Bind(m.source(), new Volume(m.target()),
                                m.readOnly() ? AccessMode.ro : AccessMode.rw)).toList())
                        .withRestartPolicy(RestartPolicy.parse(d.restart())));
        if (d.entrypoint() != null) {
            cmd.withEntrypoint(d.entrypoint());
        }
        if (d.command() != null) {
            cmd.withCmd(d.command());
        }
        if (d.user() != null) {
            cmd.withUser(d.user());
        }
        if (d.workingDir() != null) {
            cmd.withWorkingDir(d.workingDir());
        }
        if (d.stopTimeout() != null) {
            cmd.withStopTimeout((int) d.stopTimeout().toSeconds());
        }
        HealthCheck h = d.healthcheck();
        if (h != null) {
            cmd.withHealthcheck(new com.github.dockerjava.api.model.HealthCheck()
                    .withTest(h.test())
                    .withInterval(h.interval().toNanos())
                    .withTimeout(h.timeout().toNanos())
                    .withRetries(h.retries())
                    .withStartPeriod(h.startPeriod().toNanos()));
        }
        try {
            return cmd.exec().getId();
        } catch (ConflictException e) {
            throw new NameTakenException(d.name(), e);
        } catch (NotFoundException e) {
            throw new NoSuchImageException(d.image(), e);
        }
    }

    @Override
    public boolean start(String id) {
        try {
            docker.startContainerCmd(id).exec();
            return true;
        } catch (NotModifiedException alreadyRunning) {
            return false;
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(id, e);
        } catch (InternalServerErrorException e) {
            // Just after the engine restarts, its restart policy may be starting the same container: the
            // engine then says its task "already exists". Running is what was asked for.
            if (e.getMessage() != null && e.getMessage().contains("already exists")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void stop(String id, Duration grace) {
        try {
            docker.stopContainerCmd(id).withTimeout((int) Math.max(1, grace.toSeconds())).exec();
        } catch (NotModifiedException | NotFoundException done) {
            // stopped already, or gone: what was asked for holds
        }
    }

    @Override
    public void kill(String id) {
        try {
            docker.killContainerCmd(id).exec();
        } catch (NotFoundException | ConflictException | NotModifiedException ended) {
            // it ended or went away meanwhile
        }
    }

    @Override
    public void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
        } catch (NotFoundException absent) {
            // removed already
        }
    }

    @Override
    public void rename(String id, String name) {
        try {
            docker.renameContainerCmd(id).withName(name).exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(id, e);
        }
    }

    @Override
    public Optional<Map<String, String>> volumeLabels(String name) {
        try {
            Map<String, String> labels = docker.inspectVolumeCmd(name).exec().getLabels();
            return Optional.of(labels == null ? Map.of() : Map.copyOf(labels));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    @Override
    public void createVolume(String name, Map<String, String> labels) {
        docker.createVolumeCmd().withName(name).withLabels(labels).exec();
    }

    @Override
    public InputStream readArchive(String container, String path) {
        try {
            return docker.copyArchiveFromContainerCmd(container, path).exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(container, e);
        }
    }

    @Override
    public void writeArchive(String container, String path, InputStream tar) {
        try {
            // copyUIDGID false: the owners in the tar are kept (true would give everything the container's user)
            docker.copyArchiveToContainerCmd(container).withRemotePath(path).withTarInputStream(tar).exec();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(container, e);
        }
    }

    @Override
    public void pause(String id) {
        try {
            docker.pauseContainerCmd(id).exec();
        } catch (ConflictException | NotModifiedException pausedOrNotRunning) {
            // paused already, or not running: nothing to freeze
        }
    }

    @Override
    public void unpause(String id) {
        try {
            docker.unpauseContainerCmd(id).exec();
        } catch (ConflictException | NotModifiedException | NotFoundException notPaused) {
            // not paused (or gone): nothing to thaw
        }
    }

    @Override
    public List<String> containersUsing(String volume) {
        return docker.listContainersCmd().withShowAll(true).withVolumeFilter(List.of(volume)).exec().stream()
                .map(com.github.dockerjava.api.model.Container::getId).toList();
    }

    @Override
    public void removeVolume(String name) {
        try {
            docker.removeVolumeCmd(name).exec();
        } catch (NotFoundException absent) {
            // removed already
        }
    }

    /** Looks for a {@code kill} event (docker stop, or dockerd stopping its containers as it shuts down). */
    @Override
    public boolean stoppedByRuntimeSince(String id, Instant since) {
        AtomicBoolean killed = new AtomicBoolean();
        try {
            boolean complete = docker.eventsCmd()
                    .withSince(String.valueOf(since.getEpochSecond()))
                    .withUntil(String.valueOf(Instant.now().getEpochSecond() + 1))
                    .withContainerFilter(id)
                    .withEventFilter("kill")
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            killed.set(true);
                        }
                    }).awaitCompletion(EVENTS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return killed.get() || !complete;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (RuntimeException engineGoingAway) {
            return true;
        }
    }

    @Override
    public OptionalLong exec(String id, List<String> command, Duration timeout) {
        String execId;
        try {
            execId = docker.execCreateCmd(id).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(false).withAttachStderr(false).withAttachStdin(false).exec().getId();
        } catch (NotFoundException e) {
            throw new NoSuchContainerException(id, e);
        } catch (ConflictException notRunning) {
            return OptionalLong.empty();
        }
        // closed on every path: an exec that outlives its timeout must not keep its attached stream open (the fast
        // gate runs up to hundreds of them in one wait)
        try (ResultCallback.Adapter<com.github.dockerjava.api.model.Frame> attached =
                     docker.execStartCmd(execId).withDetach(false).exec(new ResultCallback.Adapter<>())) {
            if (!attached.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalLong.empty();
            }
            Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
            return code == null ? OptionalLong.empty() : OptionalLong.of(code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (NotFoundException | ConflictException gone) {
            return OptionalLong.empty(); // the container stopped or went meanwhile: the caller looks at it again
        } catch (java.io.IOException closing) {
            return OptionalLong.empty(); // closing the attached stream failed: the exec's answer is unknown
        }
    }

    /**
     * No name or ID can hold a '!': the engine answers the warm-up's start and exec start with "no such container"
     * or "no such exec instance", whatever exists.
     */
    private static final String NOTHING = "shipshape-warm-up!";

    @Override
    public void warmUp(String createdId) {
        // each call refused without effect: the point is the client's own first-call work, not the answer
        ignoring(() -> inspect(createdId));
        ignoring(() -> docker.stopContainerCmd(createdId).withTimeout(1).exec()); // not running: 304
        ignoring(() -> docker.startContainerCmd(NOTHING).exec()); // 404
        ignoring(() -> docker.execCreateCmd(createdId).withCmd("true").withAttachStdout(false)
                .withAttachStderr(false).withAttachStdin(false).exec()); // not running: 409
        ignoring(() -> {
            try (ResultCallback.Adapter<com.github.dockerjava.api.model.Frame> attached =
                         docker.execStartCmd(NOTHING).withDetach(false).exec(new Refused())) {
                attached.awaitCompletion(2, TimeUnit.SECONDS); // 404
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException ignored) {
                // closing a refused stream
            }
            return null;
        });
        ignoring(() -> docker.inspectExecCmd(NOTHING).exec()); // 404
    }

    /** The warm-up's exec stream, refused as expected: closed without the error log of docker-java's own adapter. */
    private static final class Refused extends ResultCallback.Adapter<com.github.dockerjava.api.model.Frame> {
        @Override
        public void onError(Throwable refused) {
            try {
                close();
            } catch (java.io.IOException ignored) {
                // closing a stream that never opened
            }
        }
    }

    private static void ignoring(java.util.function.Supplier<?> call) {
        try {
            call.get();
        } catch (RuntimeException refused) {
            // expected: every warm-up call is one the engine refuses
        }
    }

    /** The fields of an engine's inspect answer that the reconcilers judge by. */
    public static ContainerInfo info(InspectContainerResponse c) {
        InspectContainerResponse.ContainerState s = c.getState();
        var config = c.getConfig();
        Map<String, String> labels = config == null || config.getLabels() == null ? Map.of() : config.getLabels();
        var check = config == null ? null : config.getHealthcheck();
        Duration interval = check == null || check.getInterval() == null || check.getInterval() <= 0
                ? null : Duration.ofNanos(check.getInterval());
        ContainerInfo.Health health = null;
        if (s != null && s.getHealth() != null) {
            HealthState h = s.getHealth();
            List<HealthStateLog> log = h.getLog() == null ? List.of() : h.getLog();
            health = new ContainerInfo.Health(h.getStatus(), log.stream().map(p -> new ContainerInfo.Probe(
                    instant(p.getStart()), instant(p.getEnd()), p.getExitCodeLong(), p.getOutput())).toList());
        }
        List<String> volumes = c.getMounts() == null ? List.of() : c.getMounts().stream()
                .map(InspectContainerResponse.Mount::getName).filter(Objects::nonNull).filter(n -> !n.isEmpty()).toList();
        String name = c.getName() == null ? c.getId() : c.getName().replaceFirst("^/", "");
        return new ContainerInfo(c.getId(), name, labels, s == null ? null : s.getStatus(),
                s != null && Boolean.TRUE.equals(s.getRunning()), s != null && Boolean.TRUE.equals(s.getRestarting()),
                s == null ? null : s.getExitCodeLong(), s != null && Boolean.TRUE.equals(s.getOOMKilled()),
                s == null ? null : instant(s.getStartedAt()), c.getRestartCount() == null ? 0 : c.getRestartCount(),
                health, interval, volumes, check == null ? List.of() : check.getTest());
    }

    /** Docker's RFC 3339 times (with Z or an offset); null when absent, zero or unreadable. */
    static Instant instant(String time) {
        if (time == null || time.isBlank() || time.startsWith("0001-")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
