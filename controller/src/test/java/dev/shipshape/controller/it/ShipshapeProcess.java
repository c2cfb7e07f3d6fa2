package dev.shipshape.controller.it;

import dev.shipshape.reconcilers.Failpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * shipshape as a real separate JVM: the runnable jar {@code controller/target/shipshape.jar}, which
 * the shade plugin builds in the {@code package} phase, before failsafe's {@code integration-test}.
 * Its stdout and stderr go to files of the test, so a test can wait for a line and then kill it.
 */
final class ShipshapeProcess implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    final Process process;
    final Path out;
    final Path err;

    private ShipshapeProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    static Path jar() {
        Path jar = TestEnvironment.repoRoot().resolve("controller/target/shipshape.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests with `mvn verify`, whose"
                    + " package phase builds it before the tests run");
        }
        return jar;
    }

    /** Where a test keeps the output of its shipshape processes: under target/, to read after a failure. */
    static Path logDir(String test) {
        return TestEnvironment.repoRoot().resolve("controller/target/it-logs").resolve(test);
    }

    /** Starts {@code shipshape <args>} with {@code env} added to this JVM's environment (DOCKER_HOST passes through). */
    static ShipshapeProcess start(Path logDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx256m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        int n = SEQ.incrementAndGet();
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve("shipshape-" + n + ".out");
            Path err = logDir.resolve("shipshape-" + n + ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove(Failpoints.ENV);
            pb.environment().putAll(env);
            return new ShipshapeProcess(pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code shipshape <args>} to its end (bounded) and returns what it printed. */
    static TestProject.Run run(Path logDir, Map<String, String> env, Duration timeout, String... args) {
        try (ShipshapeProcess p = start(logDir, env, args)) {
            int code = p.waitFor(timeout);
            return new TestProject.Run(code, p.stdout(), p.stderr());
        }
    }

    /** Waits until failpoint {@code name} is reached (its marker line is on stderr), failing early when the process exits. */
    void awaitFailpoint(String name, Duration timeout) {
        await("failpoint " + name + " reached").atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (stderr().contains(Failpoints.MARKER + name)) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("shipshape exited with " + process.exitValue() + " before reaching failpoint "
                        + name + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr());
            }
            return false;
        });
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits for the exit; returns the exit code (137). */
    int kill() {
        process.destroyForcibly();
        return waitFor(EXIT_TIMEOUT);
    }

    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("shipshape did not exit within " + timeout + "\n--- stdout\n" + stdout()
                        + "--- stderr\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Writes the process's threads (jcmd Thread.print) next to its output, to see where it waits after a failure. */
    void dumpThreads() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!process.isAlive() || !Files.isExecutable(jcmd)) {
            return;
        }
        try {
            new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(Path.of(err + ".threads").toFile()).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // a diagnostic only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Never leaves a shipshape behind, whatever the test did. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
