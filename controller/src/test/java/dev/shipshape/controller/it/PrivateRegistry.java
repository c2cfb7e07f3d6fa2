package dev.shipshape.controller.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A registry of the test's own: Debian's {@code /usr/bin/docker-registry} as a child process on
 * 127.0.0.1 and a free port, with its storage in a folder of the test. It can be stopped and
 * started again on the same port and storage, so a test can take "the registry" away and bring it
 * back. {@link #close()} stops the process and deletes the folder.
 */
final class PrivateRegistry implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    final int port = freePort();
    private final Path dir;
    private final Path config;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread shutdownHook = new Thread(this::kill, "private-registry-cleanup");
    private Process process;
    /** user:password when the registry asks for basic auth (htpasswd), else null. */
    private final String basicAuth;
    private final String user;
    private final String password;
    /** The engine this registry was seeded on: where pulls from it leave tags, removed by {@link #close}. */
    private volatile com.github.dockerjava.api.DockerClient engine;

    PrivateRegistry(Path dir) {
        this(dir, null, null);
    }

    /**
     * A registry that, when {@code user} is not null, asks for basic auth: {@code auth: htpasswd} with a
     * bcrypt entry made by {@code htpasswd -Bbn} (Debian's apache2-utils, which scripts/test-env.sh installs).
     */
    PrivateRegistry(Path dir, String user, String password) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run scripts/test-env.sh, which installs docker-registry");
        }
        this.dir = dir;
        this.user = user;
        this.password = password;
        this.config = dir.resolve("config.yml");
        this.log = dir.resolve("registry.log");
        this.basicAuth = user == null ? null : java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            Files.createDirectories(dir.resolve("storage"));
            String auth = "";
            if (user != null) {
                Path htpasswd = dir.resolve("htpasswd");
                Files.writeString(htpasswd, htpasswdEntry(user, password));
                auth = """
                        auth:
                          htpasswd:
                            realm: basic-realm
                            path: %s
                        """.formatted(htpasswd);
            }
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: info
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("storage"), port) + auth);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** host:port, the registry part of an image reference. */
    String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts the process and waits until {@code GET /v2/} answers 200. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // REGISTRY_* variables would override the configuration file
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        await("registry " + address() + " answering GET /v2/").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("the registry exited with " + started.exitValue() + "; see " + log
                                + ":\n" + tail());
                    }
                    return answers();
                });
    }

    /** Stops the process (SIGTERM, then SIGKILL after a while) and waits until nothing listens on its port. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        await("registry " + address() + " gone").atMost(STOP_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> !listening());
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Whether GET /v2/ answers 200 (with the credentials, when the registry asks for them). */
    boolean answers() {
        try {
            HttpResponse<Void> r = http.send(authorized(HttpRequest.newBuilder(URI.create("http://" + address() + "/v2/")))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@code repository:tag} is in the registry (its manifest answers 200). */
    boolean has(String repository, String tag) {
        return digest(repository, tag) != null;
    }

    /**
     * The registry's digest of {@code repository:tag}: HEAD of its manifest (Docker schema 2), the
     * Docker-Content-Digest header; null when it is not there.
     */
    String digest(String repository, String tag) {
        try {
            HttpResponse<Void> r = http.send(authorized(HttpRequest.newBuilder(
                            URI.create("http://" + address() + "/v2/" + repository + "/manifests/" + tag))
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json")
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElseThrow() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder b) {
        return basicAuth == null ? b : b.header("Authorization", "Basic " + basicAuth);
    }

    private static String htpasswdEntry(String user, String password) {
        try {
            Process p = new ProcessBuilder("/usr/bin/htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0 || !out.startsWith(user + ":$2")) {
                throw new IllegalStateException("htpasswd -Bbn failed: " + out);
            }
            return out.strip() + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("/usr/bin/htpasswd is missing: run scripts/test-env.sh, which installs apache2-utils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean listening() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The end of the registry's log, for failure messages. */
    String tail() {
        try {
            String text = Files.exists(log) ? Files.readString(log) : "";
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        untagPulled();
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Copies {@code spacetech/<service>:<version>} of the example from the main test registry into
     * this one, then removes the local tag it needed, so a pull of it must really reach this registry.
     * {@code whileTagged} may use the tagged reference first (e.g. to save a tarball).
     */
    String seed(com.github.dockerjava.api.DockerClient docker, String service, String version,
                java.util.function.Consumer<String> whileTagged) throws InterruptedException {
        engine = docker;
        String source = TestEnvironment.registry() + "/spacetech/" + service;
        String target = address() + "/spacetech/" + service;
        if (!docker.pullImageCmd(source).withTag(version).exec(new com.github.dockerjava.api.command.PullImageResultCallback())
                .awaitCompletion(2, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new IllegalStateException("pull of " + source + ":" + version + " did not finish");
        }
        docker.tagImageCmd(source + ":" + version, target, version).exec();
        try {
            push(docker, target, version);
            whileTagged.accept(target + ":" + version);
        } finally {
            untag(docker, target + ":" + version);
        }
        return target + ":" + version;
    }

    /**
     * Puts a variant of the example's {@code spacetech/<service>:<version>} into this registry that no
     * other registry and no host has: the same files, committed with a label of its own, so its config
     * (and image id) is new. Then removes it locally: a pull of it must fetch blobs from this registry.
     */
    String seedUnique(com.github.dockerjava.api.DockerClient docker, String service, String version) throws InterruptedException {
        engine = docker;
        String source = TestEnvironment.registry() + "/spacetech/" + service + ":" + version;
        String target = address() + "/spacetech/" + service;
        if (!docker.pullImageCmd(TestEnvironment.registry() + "/spacetech/" + service).withTag(version)
                .exec(new com.github.dockerjava.api.command.PullImageResultCallback()).awaitCompletion(2, java.util.concurrent.TimeUnit.MINUTES)) {
            throw new IllegalStateException("pull of " + source + " did not finish");
        }
        String container = docker.createContainerCmd(source).exec().getId();
        String image;
        try {
            image = docker.commitCmd(container).withRepository(target).withTag(version)
                    .withLabels(java.util.Map.of("dev.shipshape.test.unique", java.util.UUID.randomUUID().toString())).exec();
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
        try {
            push(docker, target, version);
        } finally {
            docker.removeImageCmd(image).withForce(true).exec();
        }
        return target + ":" + version;
    }

    private void push(com.github.dockerjava.api.DockerClient docker, String target, String version) throws InterruptedException {
        {
            var push = docker.pushImageCmd(target).withTag(version);
            if (user != null) {
                push.withAuthConfig(new com.github.dockerjava.api.model.AuthConfig().withRegistryAddress(address())
                        .withUsername(user).withPassword(password));
            }
            java.util.concurrent.atomic.AtomicReference<String> error = new java.util.concurrent.atomic.AtomicReference<>();
            boolean pushed = push.exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
                    com.github.dockerjava.api.model.PushResponseItem>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.PushResponseItem item) {
                    if (item.getErrorDetail() != null) {
                        error.set(item.getErrorDetail().getMessage());
                    }
                }
            }).awaitCompletion(2, java.util.concurrent.TimeUnit.MINUTES);
            String repository = target.substring(address().length() + 1);
            if (!pushed || error.get() != null || !has(repository, version)) {
                throw new IllegalStateException("push of " + target + ":" + version + " failed: " + error.get());
            }
        }
    }

    /**
     * Removes the tags that name this registry from the engine it was seeded on: what the test pulled from it. Its
     * port goes back to the system; a later test's registry on the same port would otherwise find its images
     * "pulled" already. Only the tags go (forced, no prune): the layers stay for the main registry's tags.
     */
    private void untagPulled() {
        com.github.dockerjava.api.DockerClient docker = engine;
        if (docker == null) {
            return;
        }
        try {
            for (var image : docker.listImagesCmd().withReferenceFilter(address() + "/*/*").exec()) {
                for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                    if (tag.startsWith(address() + "/")) {
                        docker.removeImageCmd(tag).withForce(true).withNoPrune(true).exec();
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("private registry " + address() + ": could not remove the tags pulled from it: " + e);
        }
    }

    /** Removes a tag (not the image: its other tags stay), when it exists. */
    static void untag(com.github.dockerjava.api.DockerClient docker, String tag) {
        try {
            docker.removeImageCmd(tag).withForce(false).withNoPrune(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // not there
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
