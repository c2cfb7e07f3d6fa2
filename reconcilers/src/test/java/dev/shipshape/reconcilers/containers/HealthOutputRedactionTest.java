package dev.shipshape.reconcilers.containers;

import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.runtime.ContainerInfo;
import dev.shipshape.reconcilers.runtime.ContainerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container decides what its health check prints, and the verdict that quotes it reaches errors, status.json,
 * /status, notifications and logs (issue 20, item 8): the project's secrets are masked and control characters,
 * ANSI escapes included, are gone.
 */
class HealthOutputRedactionTest {
    private static final String PASSWORD = "hunter2-db-password";

    @TempDir
    Path tmp;

    @Test
    void aVerdictQuotesTheHealthOutputWithoutSecretsOrEscapes() throws Exception {
        ProjectContext project = ProjectContext.of(DesiredFile.parse(tmp.resolve("demo.yaml"), """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: demo
                spec:
                  version: 1.0.0
                  source:
                    url: https://releases.example.com/demo-{version}.zip
                  projectDir: projects/demo
                  rollout:
                    healthTimeout: 1s
                """));
        Files.createDirectories(project.paths().userSecret().getParent());
        // user-secret is base64 of YAML
        Files.writeString(project.paths().userSecret(), java.util.Base64.getEncoder().encodeToString(
                ("db:\n  password: " + PASSWORD + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String output = "\u001B[2J\u001B[31mFATAL\u001B[0m: psql: password authentication failed for "
                + "postgres:" + PASSWORD + "@127.0.0.1\r\n\u001B]0;owned\u0007\u0008done";
        ContainerRuntime runtime = unhealthy(output);

        ActionOutcome outcome = new StartServiceReconciler(runtime, new HealthGate(runtime, Duration.ZERO, point -> { }))
                .reconcile(new StartService("db", "c0ffee", "test"), project);

        assertThat(outcome).isInstanceOf(ActionOutcome.Failed.class);
        String message = ((ActionOutcome.Failed) outcome).failure().message();
        assertThat(message).contains("db did not become healthy")
                .contains("FATAL: psql: password authentication failed for postgres:***@127.0.0.1")
                .doesNotContain(PASSWORD)
                .doesNotContain("\u001B").doesNotContain("owned").doesNotContain("\r").doesNotContain("\n")
                .doesNotContain("\u0007").doesNotContain("\u0008");
    }

    /** A runtime whose one container runs, unhealthy, with {@code output} as its last probe's output. */
    private static ContainerRuntime unhealthy(String output) {
        ContainerInfo info = new ContainerInfo("c0ffee", "demo-db-1", Map.of(), "running", true, false, null, false,
                Instant.now(), 0, new ContainerInfo.Health("unhealthy",
                List.of(new ContainerInfo.Probe(Instant.now(), Instant.now(), 1L, output))), Duration.ofMillis(100), List.of());
        return (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(),
                new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "inspect" -> Optional.of(info);
                    case "start", "stoppedByRuntimeSince" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
