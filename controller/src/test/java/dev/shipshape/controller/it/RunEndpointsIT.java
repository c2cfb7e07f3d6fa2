package dev.shipshape.controller.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code shipshape run} as a real process from the built jar, with every shipshape log at DEBUG:
 * its endpoints listen on 127.0.0.1 only (checked on the socket table, not by connecting
 * elsewhere), every method but GET is refused with 405 on every path and changes nothing, and no
 * secret (generated, user-secret, a registry password) appears in its stdout, stderr, /status,
 * /metrics or status.json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEndpointsIT {
    private static final String REGISTRY_PASSWORD = "Registry-Passw0rd-" + System.nanoTime();
    private static final String SMTP_PASSWORD = "Smtp-Passw0rd-" + System.nanoTime();
    private static final Pattern ENDPOINTS = Pattern.compile("endpoints: http://([0-9.]+):(\\d+)/healthz");

    TestProject project;
    Process run;
    final StringBuffer stdout = new StringBuffer();
    final StringBuffer stderr = new StringBuffer();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    int port;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        project = TestProject.withExampleReleases(tmp);
        project.writeDesired("1.0.0");
        TestProject.write(project.projectDir().resolve("user-secret"), Base64.getEncoder().encodeToString(("""
                smtp.password: "%s"
                registries:
                  "127.0.0.1:5999": {username: deploy, password: "%s"}
                """.formatted(SMTP_PASSWORD, REGISTRY_PASSWORD)).getBytes(StandardCharsets.UTF_8)));
        Path jar = TestEnvironment.repoRoot().resolve("controller/target/shipshape.jar");
        assertThat(jar).as("the runnable jar is built in the package phase, before the ITs").exists();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "run", "-f", project.desiredFile.toString(), "--port", "0", "--resync", "2s");
        pb.environment().put("SHIPSHAPE_LOG_LEVEL", "DEBUG");
        run = pb.start();
        pump(run.getInputStream(), stdout);
        pump(run.getErrorStream(), stderr);
        await().atMost(Duration.ofSeconds(30)).until(() -> ENDPOINTS.matcher(stdout).find() || !run.isAlive());
        Matcher m = ENDPOINTS.matcher(stdout);
        assertThat(m.find()).as("run prints its endpoints\n" + stdout + stderr).isTrue();
        assertThat(m.group(1)).isEqualTo("127.0.0.1");
        port = Integer.parseInt(m.group(2));
        await().atMost(Duration.ofSeconds(120)).until(() -> status("GET", "/readyz") == 200 || !run.isAlive());
        assertThat(status("GET", "/readyz")).as("converged\n" + stderr).isEqualTo(200);
    }

    @AfterAll
    void stop() throws InterruptedException {
        try {
            if (run != null) {
                run.destroy();
                if (!run.waitFor(30, TimeUnit.SECONDS)) {
                    run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (project != null) {
                project.close();
            }
        }
    }

    @Test
    void listensOnLoopbackOnly() throws IOException {
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // local_address is ADDR:PORT in hex; state 0A is LISTEN.
                if (f.length > 3 && f[1].contains(":") && f[3].equals("0A")
                        && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                    listening.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        assertThat(listening).as("sockets listening on port " + port).isNotEmpty()
                .allMatch(a -> a.equals("0100007F") || a.equals("0000000000000000FFFF00000100007F")
                        || a.equals("00000000000000000000000001000000"));
    }

    @Test
    void nothingButGetIsServedAndNothingChanges() throws Exception {
        Map<String, String> containers = project.containerIds();
        Path installed = project.projectDir().resolve(".shipshape/installed.yaml");
        byte[] installedBefore = Files.readAllBytes(installed);
        for (String path : List.of("/healthz", "/readyz", "/status", "/metrics", "/", "/apply", "/reconcile", "/status/x")) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                assertThat(status(method, path)).as(method + " " + path).isEqualTo(405);
            }
        }
        assertThat(project.containerIds()).isEqualTo(containers);
        assertThat(status("GET", "/readyz")).isEqualTo(200);
        assertThat(body("/status")).contains(project.name);
        assertThat(Files.readAllBytes(installed)).isEqualTo(installedBefore);
    }

    @Test
    void noSecretInOutputStatusOrMetrics() throws Exception {
        SecretsScan scan = SecretsScan.start();
        try {
            scan.add("GET /status", body("/status"));
            scan.add("GET /metrics", body("/metrics"));
            scan.add("GET /readyz", body("/readyz"));
            scan.addFile("status.json", project.projectDir().resolve(".shipshape/status.json"));
            scan.add("run stdout", stdout.toString());
            scan.add("run stderr", stderr.toString());
            assertThat(stderr.toString()).as("DEBUG logs were captured").contains("DEBUG");
            scan.assertNoSecretsOf(project.projectDir(), REGISTRY_PASSWORD, SMTP_PASSWORD);
        } finally {
            scan.close();
        }
    }

    private int status(String method, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void pump(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "run-output");
        t.setDaemon(true);
        t.start();
    }
}
