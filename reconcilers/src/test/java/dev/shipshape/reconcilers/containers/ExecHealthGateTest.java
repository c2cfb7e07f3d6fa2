package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.compose.HealthCheck;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.runtime.ContainerDefinition;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.FakeRuntime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast health gate (issue 17): the health command run by exec confirms a container on consecutive
 * passes before Docker has probed it once; failing execs never judge it (Docker's status and the timeout
 * do); the execs are bounded; a check that is no command ({@code NONE}) is not run.
 */
class ExecHealthGateTest {
    private final FakeRuntime runtime = new FakeRuntime();

    private String started(String image, List<String> test) {
        runtime.image(image);
        String id = runtime.create(new ContainerDefinition("c-" + image.replace(':', '-'), image, Map.of(), List.of(), null,
                null, null, null, null,
                new HealthCheck(test, Duration.ofSeconds(30), Duration.ofSeconds(5), 3, Duration.ZERO), List.of(), "no"));
        runtime.start(id);
        return id;
    }

    private ActionOutcome await(String id, Duration timeout) {
        return new HealthGate(runtime, Duration.ZERO, Failpoints.ENVIRONMENT).awaitHealthy(id, "svc", timeout, Cancellation.none());
    }

    @Test
    void consecutivePassingExecsConfirmBeforeDockersFirstProbe() {
        runtime.behave("fast:1", FakeRuntime.Behaviour.HEALTHY_NOT_PROBED_YET);
        String id = started("fast:1", List.of("CMD", "wget", "-q", "http://127.0.0.1:8080/"));

        long t0 = System.nanoTime();
        ActionOutcome outcome = await(id, Duration.ofSeconds(20));

        assertThat(outcome.isDone()).isTrue();
        assertThat(runtime.execs()).isEqualTo(HealthGate.EXEC_PASSES);
        // Docker's interval is 30 s: only the exec gate can have confirmed it this soon
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failingExecsNeverJudgeTheReleaseTheTimeoutDoes() {
        runtime.behave("bad:1", FakeRuntime.Behaviour.NEVER_HEALTHY);
        String id = started("bad:1", List.of("CMD-SHELL", "exit 1"));

        ActionOutcome outcome = await(id, Duration.ofSeconds(1));

        assertThat(outcome).isInstanceOfSatisfying(ActionOutcome.Failed.class,
                f -> assertThat(f.failure().message()).contains("svc did not become healthy within 1s"));
        // bounded: one exec per EXEC_INTERVAL at most
        assertThat(runtime.execs()).isBetween(1, (int) (1000 / HealthGate.EXEC_INTERVAL.toMillis()) + 2);
    }

    @Test
    void onlyCommandChecksAreRunByExec() {
        ContainerInfo cmd = info(List.of("CMD", "/bin/check", "--quick"));
        ContainerInfo shell = info(List.of("CMD-SHELL", "curl -f http://127.0.0.1/ || exit 1"));
        assertThat(cmd.healthCommand()).containsExactly("/bin/check", "--quick");
        assertThat(shell.healthCommand()).containsExactly("/bin/sh", "-c", "curl -f http://127.0.0.1/ || exit 1");
        assertThat(info(List.of("NONE")).healthCommand()).isEmpty();
        assertThat(info(List.of()).healthCommand()).isEmpty();
    }

    private static ContainerInfo info(List<String> test) {
        return new ContainerInfo("id", "n", Map.of(), "running", true, false, null, false, null, 0, null, null, List.of(), test);
    }
}
