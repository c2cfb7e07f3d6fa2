package dev.shipshape.controller.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A heal does not wait for another service's health check. Here web's check passes only once its
 * container has run for {@link #WEB_HEALTHY_AFTER}: while a pass waits that long for a killed and
 * restarted web, a removed api is brought back within seconds, and web is still starting then.
 */
class HealDuringHealthWaitIT {
    private static final Duration WEB_HEALTHY_AFTER = Duration.ofSeconds(20);
    /** An event, a pass, a create and a start: seconds, well under {@link #WEB_HEALTHY_AFTER}. */
    private static final Duration HEAL_BOUND = Duration.ofSeconds(10);
    private static final String ZIP = "spacetech-server-linux-x64-1.0.0.zip";
    private static final String WEB_HEALTH = """
                  test: ["CMD", "/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:{{web.port}}/index.html"]
                  interval: 1s
                  timeout: 2s
                  retries: 3
                  start_period: 5s
            """;
    /** Healthy once the container's first process has run long enough (field 22 of /proc/1/stat: its start, in ticks). */
    private static final String SLOW_WEB_HEALTH = """
                  test: ["CMD", "/bin/sh", "-c", "set -- $(cat /proc/1/stat); [ $(( $(cut -d. -f1 /proc/uptime) - ${22} / 100 )) -ge %d ] && wget -q -O /dev/null http://127.0.0.1:{{web.port}}/index.html"]
                  interval: 1s
                  timeout: 2s
                  retries: 3
                  start_period: 60s
            """.formatted(WEB_HEALTHY_AFTER.toSeconds());

    @RegisterExtension
    static final RunningController running = RunningController.builder()
            .resync(Duration.ofHours(1))
            .beforeStart(f -> {
                byte[] zip = ReleaseZips.zip(TestEnvironment.repoRoot().resolve("examples/spacetech/release/1.0.0"), Map.of(
                        "manifest.yaml", m -> m.replace("${REGISTRY}", TestEnvironment.registry()),
                        "config/compose.yaml.tmpl", c -> {
                            assertThat(c).contains(WEB_HEALTH);
                            return c.replace(WEB_HEALTH, SLOW_WEB_HEALTH);
                        }));
                f.project().releases.override(ZIP, zip);
                f.project().releases.override(ZIP + ".sha256", ReleaseZips.sha256File(zip, ZIP));
            })
            // ready once installed, which includes waiting for web's slow health check
            .readyWithin(Duration.ofSeconds(120))
            .build();

    final TestProject project = running.project();

    @Test
    void aRemovedServiceComesBackWhileTheHealOfAnotherWaitsForItsHealthCheck() {
        String web = project.containerIds().get("web");
        project.docker.killContainerCmd(web).exec();
        await().alias("web is started again and its health check runs")
                .atMost(HEAL_BOUND).until(() -> "starting".equals(health(web)));

        project.docker.removeContainerCmd(project.containerIds().get("api")).withForce(true).exec();
        await().alias("api serves again").atMost(HEAL_BOUND).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(project.get(project.apiPort, "/status.json")).contains("1.0.0"));
        assertThat(health(web)).as("web's health check has not passed yet, so api did not wait for it").isEqualTo("starting");
        await().alias("web becomes healthy").atMost(WEB_HEALTHY_AFTER.plus(HEAL_BOUND))
                .until(() -> "healthy".equals(health(web)));
    }

    private String health(String container) {
        if (container == null) {
            return null;
        }
        var state = project.docker.inspectContainerCmd(container).exec().getState();
        return Boolean.TRUE.equals(state.getRunning()) && state.getHealth() != null ? state.getHealth().getStatus() : null;
    }
}
