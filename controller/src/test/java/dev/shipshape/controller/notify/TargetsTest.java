package dev.shipshape.controller.notify;

import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.ProjectContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Target names that hide tokens, a real command with the event on stdin, and the secret files' format. */
class TargetsTest {
    static final ServerEvent EVENT = new ServerEvent("upgrade-succeeded:1.0.0->1.1.0:g", EventKind.UPGRADE_SUCCEEDED, "demo",
            Instant.parse("2026-12-05T01:00:00Z"), "1.0.0", "1.1.0", null, "demo runs 1.1.0", Map.of());

    @TempDir
    Path tmp;

    private ProjectContext project(String notify) {
        return ProjectContext.of(DesiredFile.parse(tmp.resolve("demo.yaml"), """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: demo
                spec:
                  version: 1.0.0
                  source:
                    url: https://releases.example.com/demo-{version}.zip
                  projectDir: projects/demo
                  notify:
                """ + notify));
    }

    @Test
    void namesShowTheHostOrProgramAndNeverAPathOrAToken() {
        List<Target> targets = Targets.of(project("""
                    - webhook: {url: "https://hooks.slack.com/services/T0/B0/SECRET?token=x"}
                    - webhook: {url: "https://hooks.slack.com/services/T1/B1/OTHER"}
                    - email: {host: smtp.example.com, from: a@example.com, to: [b@example.com]}
                    - command: [/usr/local/bin/page-someone, --secret-flag]
                """));
        assertThat(targets).extracting(Target::name).containsExactly("webhook:hooks.slack.com", "webhook:hooks.slack.com#2",
                "email:smtp.example.com", "command:page-someone");
    }

    @Test
    void aCommandReadsTheEventOnStdinAndItsExitCodeDecides() throws Exception {
        Target ok = Targets.of(project("    - command: [/bin/sh, -c, \"cat > got.json\"]\n")).get(0);
        ok.deliver(EVENT);
        assertThat(Files.readString(tmp.resolve("got.json"))).isEqualTo(EventBodies.json(EVENT));

        Target failing = Targets.of(project("    - command: [/bin/sh, -c, \"cat > /dev/null; exit 3\"]\n")).get(0);
        assertThatThrownBy(() -> failing.deliver(EVENT)).isInstanceOf(DeliveryException.class)
                .hasMessage("/bin/sh exited with code 3");
        Target missing = Targets.of(project("    - command: [/nonexistent/notify-me]\n")).get(0);
        assertThatThrownBy(() -> missing.deliver(EVENT)).hasMessageContaining("cannot run /nonexistent/notify-me");
    }

    @Test
    void aCommandThatHangsIsKilledAtItsTimeout() {
        var target = project("    - command: [/bin/sh, -c, \"sleep 60\"]\n").desired().spec().notifications().get(0);
        CommandTarget slow = new CommandTarget("command:sh", target, tmp, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> slow.deliver(EVENT)).hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aHeadersFileIsReadAndItsMistakesNamedWithoutItsValues() throws Exception {
        Path file = tmp.resolve("h");
        Files.writeString(file, "# token\nAuthorization: Bearer abc:def\n\nX-Team: ops\n");
        assertThat(SecretFile.headers(file, "headersFile")).containsExactly(Map.entry("Authorization", "Bearer abc:def"),
                Map.entry("X-Team", "ops"));
        Files.writeString(file, "Bearer topsecret\n");
        assertThatThrownBy(() -> SecretFile.headers(file, "headersFile")).hasMessageContaining("line 1 is not 'Name: value'")
                .hasMessageNotContaining("topsecret");
        Files.writeString(file, "Host: evil\n");
        assertThatThrownBy(() -> SecretFile.headers(file, "headersFile")).hasMessageContaining("cannot be set");
        assertThatThrownBy(() -> SecretFile.headers(tmp.resolve("none"), "headersFile")).hasMessageContaining("does not exist");
        Files.writeString(file, "username: u\n");
        assertThatThrownBy(() -> SecretFile.credentials(file, "credentialsFile")).hasMessageContaining("needs username: and password:");
    }
}
