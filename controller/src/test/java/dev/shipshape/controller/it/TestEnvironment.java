package dev.shipshape.controller.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** What scripts/test.sh prepared: the Docker engine, the registry and the example's release zips. */
final class TestEnvironment {
    private TestEnvironment() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("shipshape.repoRoot", "..")).toAbsolutePath().normalize();
    }

    /** The local registry the example's images are pushed to. */
    static String registry() {
        String r = System.getenv("SHIPSHAPE_TEST_REGISTRY");
        return r == null ? "127.0.0.1:5000" : r;
    }

    static Path exampleDist() {
        Path dist = repoRoot().resolve("examples/spacetech/dist");
        if (!Files.isRegularFile(dist.resolve("spacetech-server-linux-x64-1.1.0.zip"))) {
            throw new IllegalStateException("the example release zips are missing in " + dist
                    + "; run the tests with scripts/test.sh, which prepares Docker, the registry and the zips");
        }
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            throw new IllegalStateException("no Docker engine: run the tests with scripts/test.sh");
        }
        return dist;
    }
}
