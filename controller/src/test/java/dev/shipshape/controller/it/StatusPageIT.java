package dev.shipshape.controller.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page in a real browser: Debian's headless Chromium loads {@code GET /} of a running
 * controller, and what it rendered (its DOM after parsing) shows the project, the installed version,
 * a row for each service and the Ready condition. Its screenshot is left in {@code target/status-page.png}
 * (the one in docs/ is made so).
 *
 * <p>Network rule: the browser loads http://127.0.0.1:PORT only; its background services are off, every
 * other host name resolves to nothing, any other address goes to a proxy on a closed loopback port, and its
 * profile (and HOME) is a temporary folder deleted afterwards. Each run is bounded in time and its process destroyed if it overruns. A missing
 * Chromium fails the test: scripts/test-env.sh installs it.
 */
class StatusPageIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Duration BROWSER_BOUND = Duration.ofSeconds(90);
    static final Set<String> SERVICES = Set.of("web", "api", "db");

    @RegisterExtension
    static final RunningController running = RunningController.builder().build();

    @Test
    void chromiumShowsTheProjectItsVersionEachServiceAndReady() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium (scripts/test-env.sh installs it)").isExecutable();
        TestProject project = running.project();
        assertThat(project.containerIds().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
        // The services a pass found are reported with its status: wait for the pass that saw them all running.
        await("the page lists every service running").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    String page = running.get("/").body();
                    return SERVICES.stream().allMatch(s -> serviceRow(page, s).find());
                });

        String url = "http://127.0.0.1:" + running.controller().port() + "/";
        Path work = running.closeAfterProject(new TempFolder(Files.createTempDirectory("shipshape-chromium-"))).path;

        String dom = chromium(work, "dump-dom", "--dump-dom", url);
        assertThat(dom).contains("<h1 id=\"project\">" + project.name + "</h1>")
                .contains("<dd id=\"installed-version\">1.0.0</dd>")
                .contains("<dd id=\"target-version\">1.0.0</dd>")
                .contains("<meta http-equiv=\"refresh\" content=\"10\">")
                .containsPattern("<tr id=\"condition-Ready\"><td>Ready</td><td class=\"Ready True\">True</td><td>Converged</td>")
                .doesNotContain("<script");
        for (String s : SERVICES) {
            assertThat(serviceRow(dom, s).find()).as("a row for service " + s + " in\n" + dom).isTrue();
        }
        // how long each has been up, in Docker's words ("3 seconds", "about a minute")
        assertThat(Pattern.compile("<td class=\"uptime\">[^<]+</td>").matcher(dom).results().count())
                .as("an uptime for each service in\n" + dom).isEqualTo(SERVICES.size());

        Path png = work.resolve("status-page.png");
        chromium(work, "screenshot", "--screenshot=" + png, "--window-size=1200,900", "--hide-scrollbars", url);
        assertThat(png).isNotEmptyFile();
        byte[] head = Files.readAllBytes(png);
        assertThat(head).startsWith(0x89, 'P', 'N', 'G');
        Path kept = Path.of("target", "status-page.png");
        Files.createDirectories(kept.getParent());
        Files.copy(png, kept, StandardCopyOption.REPLACE_EXISTING);
    }

    private static java.util.regex.Matcher serviceRow(String html, String service) {
        return Pattern.compile("<tr class=\"service\"><td>" + service + "</td><td>[^<]*</td><td class=\"state-running\">running</td>")
                .matcher(html);
    }

    /** Runs Chromium once, bounded, against 127.0.0.1 only; returns its standard output. */
    private static String chromium(Path work, String name, String... args) throws Exception {
        Path profile = Files.createDirectories(work.resolve(name + "-profile"));
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--crash-dumps-dir=" + profile,
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
                "--disable-domain-reliability", "--disable-breakpad", "--metrics-recording-only", "--no-pings",
                "--disable-client-side-phishing-detection", "--disable-features=MediaRouter,OptimizationHints,Translate",
                // Host names other than 127.0.0.1 resolve to nothing; what is left (an IP literal) goes to a proxy
                // that does not exist. Loopback never goes through a proxy, so the page loads directly.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"));
        command.addAll(List.of(args));
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("HOME", profile.toString());
        pb.environment().put("XDG_CONFIG_HOME", profile.resolve("config").toString());
        pb.environment().put("XDG_CACHE_HOME", profile.resolve("cache").toString());
        Process p = pb.start();
        try {
            boolean ended = p.waitFor(BROWSER_BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(ended).as("chromium " + name + " ended within " + BROWSER_BOUND).isTrue();
            assertThat(p.exitValue()).as("chromium " + name + " exit code; its stderr:\n" + Files.readString(err)).isZero();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        return Files.readString(out);
    }

    /** A folder deleted with what it holds. */
    private record TempFolder(Path path) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (!Files.exists(path)) {
                return;
            }
            try (var files = Files.walk(path)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
