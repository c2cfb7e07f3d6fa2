package dev.shipshape.reconcilers.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.reconcilers.docker.DockerRuntime;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HealthGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STARTED = "2026-11-27T16:14:45.100000000Z";

    private static String health(String... probes) {
        return "{\"Status\":\"healthy\",\"FailingStreak\":0,\"Log\":[" + String.join(",", probes) + "]}";
    }

    private static String probe(String start, int exitCode) {
        return "{\"Start\":\"" + start + "\",\"End\":\"" + start + "\",\"ExitCode\":" + exitCode + ",\"Output\":\"\"}";
    }

    @Test
    void twoPassingProbesSinceTheStartConfirm() throws Exception {
        assertThat(HealthGate.confirmedByLog(withHealth(health(probe("2026-11-27T16:14:46.2+00:00", 0),
                probe("2026-11-27T16:14:47.2Z", 0)), STARTED))).isTrue();
    }

    @Test
    void oneProbeIsNotEnough() throws Exception {
        assertThat(HealthGate.confirmedByLog(withHealth(health(probe("2026-11-27T16:14:46.2Z", 0)), STARTED))).isFalse();
    }

    @Test
    void aFailedProbeAmongTheLastTwoDoesNotConfirm() throws Exception {
        assertThat(HealthGate.confirmedByLog(withHealth(health(probe("2026-11-27T16:14:46.2Z", 1),
                probe("2026-11-27T16:14:47.2Z", 0)), STARTED))).isFalse();
        assertThat(HealthGate.confirmedByLog(withHealth(health(probe("2026-11-27T16:14:46.2Z", 0),
                probe("2026-11-27T16:14:47.2Z", 1)), STARTED))).isFalse();
    }

    @Test
    void probesFromBeforeTheLastStartDoNotCount() throws Exception {
        // the container restarted: its log still holds the passing probes of the previous run
        assertThat(HealthGate.confirmedByLog(withHealth(health(probe("2026-11-27T16:14:40.0Z", 0),
                probe("2026-11-27T16:14:46.2Z", 0)), STARTED))).isFalse();
    }

    @Test
    void unreadableTimesDoNotConfirm() throws Exception {
        assertThat(HealthGate.confirmedByLog(withHealth(health(probe("yesterday", 0), probe("today", 0)), STARTED))).isFalse();
        assertThat(HealthGate.confirmedByLog(withHealth(health(probe("2026-11-27T16:14:46.2Z", 0),
                probe("2026-11-27T16:14:47.2Z", 0)), "0001-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void pollsAFifthOfTheIntervalWithinBounds() throws Exception {
        assertThat(HealthGate.poll(inspected(1_000_000_000L))).isEqualTo(Duration.ofMillis(200));
        assertThat(HealthGate.poll(inspected(3_000_000_000L))).isEqualTo(Duration.ofMillis(600));
        assertThat(HealthGate.poll(inspected(30_000_000_000L))).isEqualTo(Duration.ofSeconds(1));
        assertThat(HealthGate.poll(inspected(100_000_000L))).isEqualTo(Duration.ofMillis(200));
        assertThat(HealthGate.poll(info(JSON.readValue("{\"Config\":{}}", InspectContainerResponse.class))))
                .isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void looksAgainWhenTheNextProbeCanHaveEnded() throws Exception {
        Instant started = Instant.parse(STARTED);
        // just started, no probe yet: the first one ends one interval after the start
        assertThat(HealthGate.nextLook(withLog(2_000_000_000L, ""), started.plusMillis(300)))
                .isEqualTo(Duration.ofMillis(1800));
        // a probe ended at +2.3 s: the next one is due at +4.3 s
        String one = probe("2026-11-27T16:14:47.300Z", 0).replace("\"End\":\"2026-11-27T16:14:47.300Z\"",
                "\"End\":\"2026-11-27T16:14:47.400Z\"");
        assertThat(HealthGate.nextLook(withLog(2_000_000_000L, one), started.plusMillis(2400)))
                .isEqualTo(Duration.ofMillis(2000));
        // due already (a slow probe): look every poll
        assertThat(HealthGate.nextLook(withLog(2_000_000_000L, one), started.plusMillis(4500)))
                .isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void neverWaitsLongerThanOneInterval() throws Exception {
        Instant started = Instant.parse(STARTED);
        // a clock behind the engine's: still at most one interval
        assertThat(HealthGate.nextLook(withLog(1_000_000_000L, ""), started.minusSeconds(60)))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withoutAHealthCheckItPolls() throws Exception {
        InspectContainerResponse none = JSON.readValue("{\"Config\":{},\"State\":{\"Running\":true,\"StartedAt\":\""
                + STARTED + "\"}}", InspectContainerResponse.class);
        assertThat(HealthGate.nextLook(info(none), Instant.parse(STARTED).plusSeconds(1))).isEqualTo(HealthGate.POLL);
    }

    private static ContainerInfo withLog(long intervalNanos, String probes) throws Exception {
        return info(JSON.readValue("{\"Config\":{\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":" + intervalNanos
                + "}},\"State\":{\"Running\":true,\"StartedAt\":\"" + STARTED + "\",\"Health\":{\"Status\":\"starting\","
                + "\"Log\":[" + probes + "]}}}", InspectContainerResponse.class));
    }

    private static ContainerInfo inspected(long intervalNanos) throws Exception {
        return info(JSON.readValue("{\"Config\":{\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":" + intervalNanos + "}}}",
                InspectContainerResponse.class));
    }

    /** The engine's answer for a container started at {@code startedAt} with this health state, as the runtime reads it. */
    private static ContainerInfo withHealth(String health, String startedAt) throws Exception {
        return info(JSON.readValue("{\"Id\":\"c0ffee\",\"State\":{\"Running\":true,\"StartedAt\":\""
                + startedAt + "\",\"Health\":" + health + "}}", InspectContainerResponse.class));
    }

    private static ContainerInfo info(InspectContainerResponse inspected) {
        return DockerRuntime.info(inspected);
    }
}
