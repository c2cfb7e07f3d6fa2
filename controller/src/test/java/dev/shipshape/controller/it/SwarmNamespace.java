package dev.shipshape.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A one-node test swarm inside a network namespace of its own (scripts/swarm-env.sh), with the example's images in
 * its registry, and DOCKER_HOST pointed at its manager as a system property (docker-java reads it like the
 * environment variable) for the controller a later extension builds. Register it before {@link RunningController}
 * ({@code @Order}): it is then torn down after the controller stopped.
 */
final class SwarmNamespace implements BeforeAllCallback, AfterAllCallback {
    final String id = "sn" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    final String netns = "shipshape-sw-" + id + "-1";
    final String manager = "unix:///run/shipshape-swarm/" + netns + "/docker.sock";
    private final int nodes;

    SwarmNamespace() {
        this(1);
    }

    /** A swarm of {@code nodes} nodes (scripts/swarm-env.sh --nodes): node 1 is the manager. */
    SwarmNamespace(int nodes) {
        this.nodes = nodes;
    }

    /** The hostname (node name) of node {@code n}, 1-based; also its network namespace. */
    String hostname(int n) {
        return "shipshape-sw-" + id + "-" + n;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String r = TestEnvironment.registry();
        script("up", "--nodes", String.valueOf(nodes));
        script("push", r + "/spacetech/db:1.0.0", r + "/spacetech/api:1.0.0", r + "/spacetech/web:1.0.0");
        System.setProperty("DOCKER_HOST", manager);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        System.clearProperty("DOCKER_HOST");
        script("down");
    }

    String get(int port, String path) throws Exception {
        return run(List.of("nsenter", "--net=/var/run/netns/" + netns, "busybox", "wget", "-q", "-O", "-",
                "http://127.0.0.1:" + port + path), false);
    }

    /** A GET of 127.0.0.1:port inside node {@code hostname}'s network namespace (where its tasks bind); null on failure. */
    String getOn(String hostname, int port, String path) throws Exception {
        return run(List.of("nsenter", "--net=/var/run/netns/" + hostname, "busybox", "wget", "-q", "-O", "-",
                "http://127.0.0.1:" + port + path), false);
    }

    String docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker", "-H", manager));
        command.addAll(List.of(args));
        return run(command, true);
    }

    private void script(String command, String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of(TestEnvironment.repoRoot().resolve("scripts/swarm-env.sh").toString(), command,
                "--id", id));
        c.addAll(List.of(args));
        run(c, true);
    }

    /** The command's output; null when it failed and {@code mustSucceed} is false. */
    private static String run(List<String> command, boolean mustSucceed) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        String source = System.getenv("DOCKER_HOST");
        if (source != null) {
            pb.environment().put("SHIPSHAPE_SOURCE_DOCKER_HOST", source);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String text = new String(out);
        if (p.exitValue() != 0) {
            assertThat(mustSucceed).as("%s:\n%s", command, text).isFalse();
            return null;
        }
        return text;
    }
}
