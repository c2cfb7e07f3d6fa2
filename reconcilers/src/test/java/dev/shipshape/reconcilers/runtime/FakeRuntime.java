package dev.shipshape.reconcilers.runtime;

import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory container runtime for unit tests: containers, names, images and volumes as an engine
 * keeps them, with the engine's idempotence rules, and a log of every state-changing call so a test
 * can assert the order of a replacement. A container's behaviour on start comes from its image
 * ({@link #behave}): healthy at once (two passing probes, so the health gate confirms on its first
 * look), or exiting with a code. Thread-safe: the executor runs replacements side by side.
 */
public final class FakeRuntime implements ContainerRuntime {
    /** What a container of an image does once started. */
    public enum Behaviour {
        HEALTHY, EXITS, NEVER_HEALTHY,
        /** healthy by its health command (exec passes), but Docker has not run a probe yet (status starting, no log) */
        HEALTHY_NOT_PROBED_YET
    }

    private final Clock clock;
    private final Map<String, Box> containers = new LinkedHashMap<>();
    private final Map<String, String> images = new HashMap<>();
    private final Map<String, Behaviour> behaviours = new HashMap<>();
    private final Map<String, Map<String, String>> volumes = new HashMap<>();
    /** A volume's content, as the tar stream the archive endpoint gives of it (opaque to the fake). */
    private final Map<String, byte[]> volumeData = new HashMap<>();
    private final Set<String> stoppedByRuntime = ConcurrentHashMap.newKeySet();
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger execs = new AtomicInteger();
    /** Called with a container's name before it starts, outside the fake's lock (a test may hold a start there). */
    private volatile java.util.function.Consumer<String> beforeStart = name -> { };
    /** Called with a container's name after each exec, outside the fake's lock. */
    private volatile java.util.function.Consumer<String> afterExec = name -> { };

    public FakeRuntime(Clock clock) {
        this.clock = clock;
    }

    public FakeRuntime() {
        this(Clock.systemUTC());
    }

    /** A container as the fake keeps it. */
    private static final class Box {
        final String id;
        String name;
        final ContainerDefinition definition;
        String status = "created";
        Long exitCode;
        Instant startedAt;
        ContainerInfo.Health health;

        Box(String id, ContainerDefinition definition) {
            this.id = id;
            this.name = definition.name();
            this.definition = definition;
        }
    }

    // ---------- set-up and inspection for tests ----------

    /** Makes {@code reference} a local image. */
    public synchronized FakeRuntime image(String reference) {
        images.putIfAbsent(reference, "sha256:" + Integer.toHexString(reference.hashCode()));
        return this;
    }

    /** What containers of {@code image} do once started (default: healthy). */
    public synchronized FakeRuntime behave(String image, Behaviour behaviour) {
        behaviours.put(image, behaviour);
        return this;
    }

    /** Every state-changing call so far, as "verb name" (create, start, stop, kill, remove, rename old->new). */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    /** The names of the containers that exist, in creation order. */
    public synchronized List<String> names() {
        return containers.values().stream().map(b -> b.name).toList();
    }

    public synchronized Optional<String> status(String name) {
        return find(name).map(b -> b.status);
    }

    public synchronized Set<String> volumeNames() {
        return Set.copyOf(volumes.keySet());
    }

    /** Puts {@code content} into volume {@code name} (created when missing), as the service would write it. */
    public synchronized FakeRuntime volumeContent(String name, byte[] content) {
        volumes.putIfAbsent(name, Map.of());
        volumeData.put(name, content.clone());
        return this;
    }

    /** The content of a volume, empty when it holds nothing or does not exist. */
    public synchronized byte[] volumeContent(String name) {
        return volumeData.getOrDefault(name, new byte[0]).clone();
    }

    /** As if someone ran {@code docker stop}: the container exits and the runtime knows it stopped it. */
    public synchronized void stopByHand(String name) {
        Box b = find(name).orElseThrow();
        b.status = "exited";
        b.exitCode = 143L;
        stoppedByRuntime.add(b.id);
    }

    // ---------- the runtime ----------

    @Override
    public synchronized RuntimeObservation observe(String project) {
        List<ObservedContainer> found = new ArrayList<>();
        for (Box b : containers.values()) {
            Map<String, String> l = b.definition.labels();
            if (!project.equals(l.get(Labels.PROJECT))) {
                continue;
            }
            Health health = b.health == null ? Health.NONE : Health.parse(b.health.status());
            found.add(new ObservedContainer(b.id, b.name, l.get(Labels.SERVICE), b.definition.image(),
                    images.get(b.definition.image()), l.get(Labels.CONFIG_HASH), l.get(Labels.VERSION),
                    ContainerState.parse(b.status), health, "true".equals(l.get(Labels.MANAGED))));
        }
        return new RuntimeObservation(found, images);
    }

    @Override
    public synchronized Optional<ContainerInfo> inspect(String idOrName) {
        return find(idOrName).map(this::info);
    }

    @Override
    public synchronized String create(ContainerDefinition definition) {
        if (find(definition.name()).isPresent()) {
            throw new NameTakenException(definition.name(), null);
        }
        if (!images.containsKey(definition.image())) {
            throw new NoSuchImageException(definition.image(), null);
        }
        for (ContainerDefinition.Mount m : definition.mounts()) {
            if (m.kind() == ContainerDefinition.Mount.Kind.VOLUME) {
                volumes.putIfAbsent(m.source(), Map.of()); // as the engine does for a missing named volume
            }
        }
        String id = String.format("%064x", ids.incrementAndGet());
        containers.put(id, new Box(id, definition));
        calls.add("create " + definition.name());
        return id;
    }

    /** {@code hook} runs with a container's name before each start, outside the fake's lock: it may block that start. */
    public void beforeStart(java.util.function.Consumer<String> hook) {
        beforeStart = hook;
    }

    /** {@code hook} runs with a container's name after each exec, outside the fake's lock. */
    public void afterExec(java.util.function.Consumer<String> hook) {
        afterExec = hook;
    }

    @Override
    public boolean start(String id) {
        String name;
        synchronized (this) {
            name = find(id).map(b -> b.name).orElse(id);
        }
        beforeStart.accept(name);
        return startNow(id);
    }

    private synchronized boolean startNow(String id) {
        Box b = find(id).orElseThrow(() -> new NoSuchContainerException(id, null));
        if ("running".equals(b.status)) {
            return false;
        }
        calls.add("start " + b.name);
        Instant now = clock.instant();
        b.startedAt = now;
        if (behaviours.getOrDefault(b.definition.image(), Behaviour.HEALTHY) == Behaviour.EXITS) {
            b.status = "exited";
            b.exitCode = 1L;
            return true;
        }
        b.status = "running";
        b.exitCode = null;
        if (b.definition.healthcheck() != null
                && behaviours.getOrDefault(b.definition.image(), Behaviour.HEALTHY) == Behaviour.NEVER_HEALTHY) {
            b.health = new ContainerInfo.Health("unhealthy", List.of(
                    new ContainerInfo.Probe(now.plusMillis(1), now.plusMillis(2), 1L, "not ready")));
        } else if (b.definition.healthcheck() != null
                && behaviours.getOrDefault(b.definition.image(), Behaviour.HEALTHY) == Behaviour.HEALTHY_NOT_PROBED_YET) {
            b.health = new ContainerInfo.Health("starting", List.of());
        } else if (b.definition.healthcheck() != null) {
            b.health = new ContainerInfo.Health("healthy", List.of(
                    new ContainerInfo.Probe(now.plusMillis(1), now.plusMillis(2), 0L, "ok"),
                    new ContainerInfo.Probe(now.plusMillis(3), now.plusMillis(4), 0L, "ok")));
        }
        return true;
    }

    @Override
    public synchronized void stop(String id, Duration grace) {
        find(id).filter(b -> "running".equals(b.status)).ifPresent(b -> {
            calls.add("stop " + b.name);
            b.status = "exited";
            b.exitCode = 0L;
            b.health = b.health == null ? null : new ContainerInfo.Health("unhealthy", b.health.log());
        });
    }

    @Override
    public synchronized void kill(String id) {
        find(id).filter(b -> "running".equals(b.status)).ifPresent(b -> {
            calls.add("kill " + b.name);
            b.status = "exited";
            b.exitCode = 137L;
        });
    }

    @Override
    public synchronized void remove(String id) {
        find(id).ifPresent(b -> {
            calls.add("remove " + b.name);
            containers.remove(b.id);
        });
    }

    @Override
    public synchronized void rename(String id, String name) {
        Box b = find(id).orElseThrow(() -> new NoSuchContainerException(id, null));
        if (find(name).filter(other -> other != b).isPresent()) {
            throw new NameTakenException(name, null);
        }
        calls.add("rename " + b.name + "->" + name);
        b.name = name;
    }

    /** Runs the exec probe of a health check: passes when the container runs and its image is healthy. */
    @Override
    public java.util.OptionalLong exec(String id, List<String> command, Duration timeout) {
        String name;
        java.util.OptionalLong code;
        synchronized (this) {
            name = find(id).map(b -> b.name).orElse(id);
            code = execNow(id);
        }
        afterExec.accept(name);
        return code;
    }

    /**
     * Records the warm-up; as the engine refuses every call of it, the container must exist and not run, and
     * nothing changes.
     */
    @Override
    public synchronized void warmUp(String createdId) {
        Box b = find(createdId).orElseThrow(() -> new NoSuchContainerException(createdId, null));
        if ("running".equals(b.status)) {
            throw new IllegalStateException("warm-up against a running container: " + b.name);
        }
        calls.add("warm-up " + b.name);
    }

    private synchronized java.util.OptionalLong execNow(String id) {
        Box b = find(id).orElseThrow(() -> new NoSuchContainerException(id, null));
        execs.incrementAndGet();
        if (!"running".equals(b.status)) {
            return java.util.OptionalLong.empty();
        }
        Behaviour behaviour = behaviours.getOrDefault(b.definition.image(), Behaviour.HEALTHY);
        return java.util.OptionalLong.of(behaviour == Behaviour.HEALTHY || behaviour == Behaviour.HEALTHY_NOT_PROBED_YET ? 0 : 1);
    }

    /** How many execs ran. */
    public int execs() {
        return execs.get();
    }

    @Override
    public synchronized Optional<Map<String, String>> volumeLabels(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    @Override
    public synchronized void createVolume(String name, Map<String, String> labels) {
        volumes.putIfAbsent(name, Map.copyOf(labels));
    }

    @Override
    public boolean stoppedByRuntimeSince(String id, Instant since) {
        return stoppedByRuntime.contains(id);
    }

    @Override
    public synchronized InputStream readArchive(String container, String path) {
        Box b = find(container).orElseThrow(() -> new NoSuchContainerException(container, null));
        String volume = b.definition.mounts().stream().filter(m -> m.kind() == ContainerDefinition.Mount.Kind.VOLUME
                && m.target().equals(path)).map(ContainerDefinition.Mount::source).findFirst()
                .orElseThrow(() -> new IllegalStateException("no volume at " + path + " in " + b.name));
        calls.add("read " + volume + " via " + b.name);
        return new ByteArrayInputStream(volumeData.getOrDefault(volume, new byte[0]));
    }

    /** Writes into the container's one volume (the fake does not parse the tar): what a restore's carrier does. */
    @Override
    public synchronized void writeArchive(String container, String path, InputStream tar) {
        Box b = find(container).orElseThrow(() -> new NoSuchContainerException(container, null));
        List<String> mounted = b.definition.mounts().stream().filter(m -> m.kind() == ContainerDefinition.Mount.Kind.VOLUME)
                .map(ContainerDefinition.Mount::source).toList();
        if (mounted.size() != 1) {
            throw new IllegalStateException("the fake writes archives into containers with one volume, " + b.name + " has " + mounted);
        }
        try {
            volumeData.put(mounted.get(0), tar.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        calls.add("write " + mounted.get(0) + " via " + b.name);
    }

    @Override
    public synchronized void pause(String id) {
        find(id).filter(b -> "running".equals(b.status)).ifPresent(b -> {
            calls.add("pause " + b.name);
            b.status = "paused";
        });
    }

    @Override
    public synchronized void unpause(String id) {
        find(id).filter(b -> "paused".equals(b.status)).ifPresent(b -> {
            calls.add("unpause " + b.name);
            b.status = "running";
        });
    }

    @Override
    public synchronized List<String> containersUsing(String volume) {
        return containers.values().stream().filter(b -> b.definition.mounts().stream().anyMatch(m ->
                m.kind() == ContainerDefinition.Mount.Kind.VOLUME && m.source().equals(volume))).map(b -> b.id).toList();
    }

    @Override
    public synchronized void removeVolume(String name) {
        if (!containersUsing(name).isEmpty()) {
            throw new IllegalStateException("volume " + name + " is in use"); // as the engine refuses it
        }
        if (volumes.remove(name) != null) {
            volumeData.remove(name);
            calls.add("remove-volume " + name);
        }
    }

    private Optional<Box> find(String idOrName) {
        Box byId = containers.get(idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return containers.values().stream().filter(b -> b.name.equals(idOrName)).findFirst();
    }

    private ContainerInfo info(Box b) {
        List<String> named = b.definition.mounts().stream()
                .filter(m -> m.kind() == ContainerDefinition.Mount.Kind.VOLUME).map(ContainerDefinition.Mount::source).toList();
        Duration interval = b.definition.healthcheck() == null ? null : b.definition.healthcheck().interval();
        return new ContainerInfo(b.id, b.name, b.definition.labels(), b.status, "running".equals(b.status), false,
                b.exitCode, false, b.startedAt, 0, b.health, interval, named,
                b.definition.healthcheck() == null ? List.of() : b.definition.healthcheck().test());
    }
}
