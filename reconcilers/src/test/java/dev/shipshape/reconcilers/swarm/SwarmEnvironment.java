package dev.shipshape.reconcilers.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test swarm made by {@code scripts/swarm-env.sh} inside network namespaces of its own (never in the machine's
 * network namespace), with the given images copied into its registry; torn down after the class whatever happened.
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class SwarmEnvironment implements BeforeAllCallback, AfterAllCallback {
    static final Path REPO = findRepo();

    private final int nodes;
    private final List<String> images;
    private final String id = "it" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);

    public SwarmEnvironment(int nodes, List<String> images) {
        this.nodes = nodes;
        this.images = List.copyOf(images);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        script("up", "--nodes", String.valueOf(nodes));
        if (!images.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("push"));
            args.addAll(images);
            script(args.toArray(String[]::new));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        script("down");
    }

    public String id() {
        return id;
    }

    /** The namespace of node {@code n} (1-based). */
    public String netns(int n) {
        return "shipshape-sw-" + id + "-" + n;
    }

    /** The hostname (node name) of node {@code n}. */
    public String hostname(int n) {
        return netns(n);
    }

    /** DOCKER_HOST of node {@code n}; node 1 is the manager. */
    public String dockerHost(int n) {
        return "unix:///run/shipshape-swarm/" + netns(n) + "/docker.sock";
    }

    /** Runs {@code command} inside node {@code n}'s network namespace (to reach a service on its 127.0.0.1). */
    public Result inNode(int n, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("nsenter", "--net=/var/run/netns/" + netns(n)));
        args.addAll(List.of(command));
        return run(args, 60);
    }

    /** The docker CLI against node {@code n}'s engine. */
    public Result docker(int n, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("docker", "-H", dockerHost(n)));
        args.addAll(List.of(command));
        return run(args, 120);
    }

    public record Result(int exit, String out) {
    }

    private void script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("scripts/swarm-env.sh").toString()));
        command.add(args[0]);
        command.add("--id");
        command.add(id);
        command.addAll(List.of(args).subList(1, args.length));
        Result r = run(command, 300);
        assertThat(r.exit()).as("scripts/swarm-env.sh %s:\n%s", String.join(" ", args), r.out()).isZero();
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        String source = System.getenv("DOCKER_HOST");
        if (source != null) {
            pb.environment().put("SHIPSHAPE_SOURCE_DOCKER_HOST", source);
        }
        Path log = Files.createTempFile("swarm-env", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "timed out after " + timeoutSeconds + "s: " + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path findRepo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("scripts/swarm-env.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("scripts/swarm-env.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
