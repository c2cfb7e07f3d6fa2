package dev.shipshape.controller.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.shipshape.controller.cli.Main;
import dev.shipshape.reconcilers.docker.DockerClients;
import dev.shipshape.reconcilers.runtime.Labels;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One example project per test class: a unique project name (the compose project label on every
 * container it creates is the per-test id), free ports, its own folder. {@link #close()} removes
 * exactly its containers and its volume, nothing else.
 */
final class TestProject implements AutoCloseable {
    final String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final Path dir;
    final Path desiredFile;
    final int webPort = freePort();
    final int apiPort = freePort();
    final int dbPort = freePort();
    final int cachePort = freePort();
    final DockerClient docker = DockerClients.fromEnvironment();
    final ReleaseServer releases;
    private final boolean ownsReleases;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    TestProject(Path dir, ReleaseServer releases) {
        this(dir, releases, false);
    }

    /** A project with its own HTTP release server for the example's zips, closed with the project. */
    static TestProject withExampleReleases(Path dir) {
        return new TestProject(dir, new ReleaseServer(TestEnvironment.exampleDist()), true);
    }

    private TestProject(Path dir, ReleaseServer releases, boolean ownsReleases) {
        this.dir = dir;
        this.releases = releases;
        this.ownsReleases = ownsReleases;
        this.desiredFile = dir.resolve("server.yaml");
    }

    /** Writes the desired file at {@code version}; the ports go in spec.config so parallel projects do not collide. */
    void writeDesired(String version) {
        writeDesired(version, "", "", "");
    }

    /**
     * @param config  more lines under spec.config (indented four spaces)
     * @param rollout more lines under spec.rollout (indented four spaces)
     * @param spec    more lines under spec (indented two spaces)
     */
    void writeDesired(String version, String config, String rollout, String spec) {
        write(desiredFile, """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: %s
                spec:
                  version: %s
                  source:
                    url: %s
                    insecure: true    # the test's plain-http loopback server, unsigned
                  projectDir: projects/%s
                  config:
                    web: {port: %d}
                    api: {port: %d}
                    db: {port: %d}
                    cache: {port: %d}
                %s  rollout:
                    healthTimeout: 60s
                %s%s""".formatted(name, version, releases.urlTemplate(), name, webPort, apiPort, dbPort, cachePort,
                config, rollout, spec));
    }

    Path projectDir() {
        return dir.resolve("projects").resolve(name);
    }

    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Run shipshape(String command, String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[extra.length + 3];
        args[0] = command;
        args[1] = "-f";
        args[2] = desiredFile.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@link #shipshape}, with the run printed, so a failing fault test's report shows what shipshape said. */
    Run shipshapeLogged(String command, String... extra) {
        Run r = shipshape(command, extra);
        System.out.println("shipshape " + command + " " + String.join(" ", extra) + ": " + r);
        return r;
    }

    /** Container id by service, for this project's canonical containers. */
    Map<String, String> containerIds() {
        return containers().stream()
                .filter(c -> c.getNames()[0].equals("/" + name + "-" + c.getLabels().get(Labels.SERVICE) + "-1"))
                .collect(Collectors.toMap(c -> c.getLabels().get(Labels.SERVICE), Container::getId));
    }

    List<Container> containers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, name)).exec();
    }

    /** GET http://127.0.0.1:port/path, or null when nothing answers. */
    String get(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            removeContainersAndVolumes();
        } finally {
            if (ownsReleases) {
                releases.close();
            }
        }
    }

    private void removeContainersAndVolumes() {
        for (Container c : containers()) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (NotFoundException gone) {
                // already removed
            }
        }
        docker.listVolumesCmd().withFilter("label", List.of(Labels.PROJECT + "=" + name)).exec().getVolumes()
                .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
    }
}
