package dev.shipshape.controller.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.shipshape.reconcilers.docker.DockerClients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A Docker engine of the test's own, which it may stop and start (the shared one at
 * /run/shipshape-test/docker.sock must never be restarted: other tests use it at the same time).
 * {@code dockerd} runs as a child process with its own data root (a folder of the test), exec
 * root, pidfile and socket under {@code /run/shipshape-kill-<id>/}, and exactly the network
 * settings of scripts/test-env.sh: {@code --bridge=none --iptables=false --ip-forward=false
 * --ip-masq=false}. Debian's dockerd starts its own containerd inside the exec root. Live-restore is
 * off (the default), so its containers stop when it stops. {@link #close()} removes its containers,
 * stops it and deletes its roots, with bounded waits.
 */
final class PrivateEngine implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/dockerd"), Path.of("/usr/bin/dockerd"));

    final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Path runDir = Path.of("/run/shipshape-kill-" + id);
    private final Path dataRoot;
    private final Path log;
    private final Path socket = runDir.resolve("docker.sock");
    private final Thread shutdownHook = new Thread(this::killQuietly, "private-engine-cleanup");
    private final DockerClient client;
    private Process process;

    /** dockerd's path, when it is installed. */
    static Optional<Path> binary() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    PrivateEngine(Path dir) {
        this.dataRoot = dir.resolve("data");
        this.log = dir.resolve("dockerd.log");
        this.client = DockerClients.forHost(host());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** DOCKER_HOST for this engine. */
    String host() {
        return "unix://" + socket;
    }

    DockerClient docker() {
        return client;
    }

    /** Starts dockerd and waits until it answers a ping. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = List.of(binary().orElseThrow().toString(),
                "--data-root", dataRoot.toString(),
                "--exec-root", runDir.resolve("exec").toString(),
                "--pidfile", runDir.resolve("dockerd.pid").toString(),
                "-H", host(),
                "--storage-driver", storageDriver(),
                "--bridge=none", "--iptables=false", "--ip-forward=false", "--ip-masq=false");
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(dataRoot);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        await("private dockerd " + host() + " answering").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("dockerd exited with " + started.exitValue() + ":\n" + tail());
                    }
                    return answers();
                });
    }

    /** The pid of the running dockerd. */
    synchronized long pid() {
        return process.pid();
    }

    /** SIGTERM to dockerd; waits until its socket is gone and it has exited. Its containers stop with it. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        await("socket " + socket + " gone").atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(socket));
    }

    boolean answers() {
        try {
            client.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The end of dockerd's log, for failure messages. */
    String tail() {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Whichever storage driver scripts/test-env.sh found working for the shared engine; overlay2 otherwise. */
    private static String storageDriver() {
        Path chosen = Path.of("/var/lib/shipshape-test/storage-driver");
        try {
            return Files.isRegularFile(chosen) ? Files.readString(chosen).strip() : "overlay2";
        } catch (IOException e) {
            return "overlay2";
        }
    }

    @Override
    public void close() {
        try {
            if (process != null && answers()) {
                for (Container c : client.listContainersCmd().withShowAll(true).exec()) {
                    try {
                        client.removeContainerCmd(c.getId()).withForce(true).exec();
                    } catch (NotFoundException gone) {
                        // already removed
                    }
                }
            }
            stop();
        } finally {
            killOrphanedShims();
            unmountLeftovers();
            deleteTree(runDir);
            deleteTree(dataRoot);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /**
     * Container shims of this engine that outlived it (a container the engine lost track of while it
     * restarted), with the processes they run: only those whose command line names this engine's exec root.
     */
    private void killOrphanedShims() {
        String root = runDir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(root)).orElse(false))
                .forEach(p -> {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                });
    }

    /** Mounts dockerd left under its roots (it does not always undo them all): lazily unmounted, deepest first. */
    private void unmountLeftovers() {
        List<String> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && (f[1].startsWith(dataRoot.toString()) || f[1].startsWith(runDir.toString()))) {
                    points.add(f[1]);
                }
            }
        } catch (IOException e) {
            return;
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        for (String p : points) {
            try {
                new ProcessBuilder("umount", "-l", p).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // best effort: the folder removal below reports what stays
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    private synchronized void killQuietly() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
