package dev.shipshape.model.desired;

import dev.shipshape.model.Problem;
import dev.shipshape.model.events.EventKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** spec.notify: what is accepted, what it binds to, and refusals that name the field and say what to do. */
class NotifyTargetTest {
    private static String file(String notify) {
        return """
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
                """ + notify;
    }

    @Test
    void everyKindOfTargetBinds() {
        DesiredFile d = DesiredFile.parse(Path.of("demo.yaml"), file("""
                    - webhook: {url: "https://hooks.slack.com/services/T/B/x", format: slack, headersFile: hooks.headers}
                      on: [rolled-back, rollout-failed]
                    - email: {host: smtp.example.com, from: shipshape@example.com, to: [ops@example.com], tls: tls}
                    - command: [/usr/local/bin/notify-me, --quiet]
                """));
        List<NotifyTarget> n = d.spec().notifications();
        assertThat(n).hasSize(3);
        assertThat(n.get(0).webhook().format()).isEqualTo(NotifyTarget.WebhookFormat.SLACK);
        assertThat(n.get(0).wants(EventKind.ROLLED_BACK)).isTrue();
        assertThat(n.get(0).wants(EventKind.UPGRADE_SUCCEEDED)).isFalse();
        assertThat(n.get(0).wants(EventKind.TEST)).as("notify test reaches every target").isTrue();
        assertThat(n.get(1).email().port()).as("the port follows tls").isEqualTo(465);
        assertThat(n.get(1).wants(EventKind.UPGRADE_SUCCEEDED)).as("no on: every event").isTrue();
        assertThat(n.get(2).command()).containsExactly("/usr/local/bin/notify-me", "--quiet");
        assertThat(DesiredFile.parse(Path.of("demo.yaml"), file("    - webhook: {url: \"http://127.0.0.1:9/x\"}\n"))
                .spec().notifications().get(0).webhook().format()).isEqualTo(NotifyTarget.WebhookFormat.JSON);
    }

    @Test
    void withoutNotifyThereAreNoTargets() {
        assertThat(DesiredFile.parse(Path.of("demo.yaml"), file("").replace("  notify:\n", "")).spec().notifications()).isEmpty();
    }

    @Test
    void refusalsNameTheFieldAndSayWhatToDo() {
        assertThat(problems("    - webhook: {url: \"ftp://x/y\"}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].webhook.url:").contains("http:// or https://"));
        assertThat(problems("    - webhook: {url: \"https://user:pw@x/y\"}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].webhook.url:").contains("headersFile"));
        assertThat(problems("    - webhook: {url: \"https://x/y\", format: mattermost}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].webhook.format:").contains("slack"));
        assertThat(problems("    - email: {host: smtp.example.com, from: me, to: [ops@example.com]}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].email.from:").contains("e-mail address"));
        assertThat(problems("    - email: {host: smtp.example.com, from: a@b.c, to: [ops@example.com], port: 70000}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].email.port:").contains("1 to 65535"));
        assertThat(problems("    - email: {host: smtp.example.com, from: a@b.c}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].email.to:").contains("required"));
        assertThat(problems("    - command: []\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].command:").contains("empty"));
        assertThat(problems("    - command: [x]\n      on: [rolled-bak]\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0].on[0]:").contains("did you mean 'rolled-back'"));
        assertThat(problems("    - command: [x]\n      webhook: {url: \"https://x/y\"}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0]:").contains("exactly one of webhook, email or command"));
        assertThat(problems("    - on: [degraded]\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify[0]:").contains("needs one of webhook, email or command"));
        assertThat(problems("    - webhok: {url: \"https://x/y\"}\n"))
                .anySatisfy(p -> assertThat(p).contains("did you mean 'webhook'"));
        assertThat(problems("    webhook: {url: \"https://x/y\"}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.notify:").contains("expected a list of targets"));
    }

    private static List<String> problems(String notify) {
        return DesiredFileValidator.problems(file(notify)).stream().map(NotifyTargetTest::text).toList();
    }

    private static String text(Problem p) {
        return p.field() + ": " + p.message();
    }
}
