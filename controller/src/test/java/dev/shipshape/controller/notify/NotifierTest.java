package dev.shipshape.controller.notify;

import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.records.NotificationRecordStore.TargetResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The notifier with fake targets: filtering, deduplication (also across a restart), episodes, retries, masking. */
class NotifierTest {
    private static final String SECRET = "s3cr3t-db-password-7731";
    private static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");

    @TempDir
    Path tmp;

    private final List<Notifier> notifiers = new ArrayList<>();
    private ProjectContext project;

    /** Records what it receives; fails its first {@code failures} deliveries. */
    static class FakeTarget implements Target {
        final String name;
        final Set<EventKind> on;
        final List<ServerEvent> received = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger attempts = new AtomicInteger();
        volatile int failures;

        FakeTarget(String name, Set<EventKind> on, int failures) {
            this.name = name;
            this.on = on;
            this.failures = failures;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean wants(ServerEvent event) {
            return on.isEmpty() || on.contains(event.kind());
        }

        @Override
        public void deliver(ServerEvent event) throws DeliveryException {
            if (attempts.incrementAndGet() <= failures) {
                throw new DeliveryException("answered HTTP 500");
            }
            received.add(event);
        }
    }

    @BeforeEach
    void project() throws Exception {
        project = ProjectContext.of(DesiredFile.parse(tmp.resolve("demo.yaml"), """
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
                    - command: [/bin/true]
                """));
        Files.createDirectories(project.paths().userSecret().getParent());
        Files.writeString(project.paths().userSecret(), Base64.getEncoder().encodeToString(
                ("db:\n  password: " + SECRET + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void close() {
        notifiers.forEach(Notifier::close);
    }

    private Notifier notifier(SimpleMeterRegistry registry, DeliveryPolicy policy, FakeTarget... targets) {
        Notifier n = new Notifier(registry, Clock.fixed(T0, ZoneOffset.UTC), policy, p -> List.of(targets));
        notifiers.add(n);
        n.configure(project);
        return n;
    }

    private static ServerEvent event(EventKind kind, String key, String summary) {
        return new ServerEvent(key, kind, "demo", T0, "1.0.0", "1.1.0", null, summary, Map.of());
    }

    private static final DeliveryPolicy QUICK = new DeliveryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40));

    @Test
    void anEventGoesOnceToTheTargetsThatWantIt() {
        FakeTarget all = new FakeTarget("all", Set.of(), 0);
        FakeTarget bad = new FakeTarget("bad-news", Set.of(EventKind.ROLLED_BACK), 0);
        Notifier n = notifier(new SimpleMeterRegistry(), QUICK, all, bad);

        n.publish(event(EventKind.UPGRADE_SUCCEEDED, "upgrade-succeeded:1.0.0->1.1.0:g1", "up"));
        n.publish(event(EventKind.UPGRADE_SUCCEEDED, "upgrade-succeeded:1.0.0->1.1.0:g1", "up"));
        n.publish(event(EventKind.ROLLED_BACK, "rolled-back:1.0.0->1.1.0:g2", "back"));

        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(all.received).extracting(ServerEvent::kind).containsExactlyInAnyOrder(EventKind.UPGRADE_SUCCEEDED,
                EventKind.ROLLED_BACK);
        assertThat(bad.received).extracting(ServerEvent::kind).containsExactly(EventKind.ROLLED_BACK);
    }

    @Test
    void aRestartedNotifierDoesNotSendAgainAndSendsWhatWasPending() {
        FakeTarget first = new FakeTarget("hook", Set.of(), 0);
        Notifier n = notifier(new SimpleMeterRegistry(), QUICK, first);
        n.publish(event(EventKind.UPGRADE_SUCCEEDED, "upgrade-succeeded:1.0.0->1.1.0:g1", "up"));
        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();
        n.close();

        FakeTarget second = new FakeTarget("hook", Set.of(), 0);
        Notifier restarted = notifier(new SimpleMeterRegistry(), QUICK, second);
        restarted.publish(event(EventKind.UPGRADE_SUCCEEDED, "upgrade-succeeded:1.0.0->1.1.0:g1", "up"));
        assertThat(restarted.drain(Duration.ofSeconds(5))).isTrue();

        assertThat(first.received).hasSize(1);
        assertThat(second.received).isEmpty();
    }

    @Test
    void aDeliveryPendingWhenTheControllerStoppedIsSentByTheNextOne() {
        // a policy whose first retry waits far longer than the test: the delivery stays pending
        FakeTarget down = new FakeTarget("hook", Set.of(), 1);
        Notifier n = notifier(new SimpleMeterRegistry(), new DeliveryPolicy(2, Duration.ofHours(1), Duration.ofHours(1)), down);
        n.publish(event(EventKind.ROLLED_BACK, "rolled-back:1.0.0->1.1.0:g1", "back"));
        await().atMost(Duration.ofSeconds(5)).until(() -> down.attempts.get() == 1);
        n.close();

        FakeTarget up = new FakeTarget("hook", Set.of(), 0);
        Notifier restarted = notifier(new SimpleMeterRegistry(), QUICK, up);
        assertThat(restarted.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(up.received).extracting(ServerEvent::key).containsExactly("rolled-back:1.0.0->1.1.0:g1");
        assertThat(restarted.results(project)).extracting(TargetResult::result).containsExactly("sent");
    }

    @Test
    void aDeliveryCutShortByAShutdownIsNotGivenUpButSentByTheNextStart() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        FakeTarget hanging = new FakeTarget("hook", Set.of(), 0) {
            @Override
            public void deliver(ServerEvent event) throws DeliveryException {
                inside.countDown();
                try {
                    new java.util.concurrent.CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeliveryException("interrupted while posting");
                }
            }
        };
        Notifier n = notifier(new SimpleMeterRegistry(), QUICK, hanging);
        n.publish(event(EventKind.UPGRADE_STARTED, "upgrade-started:1.0.0->1.1.0:g1", "up"));
        assertThat(inside.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        n.close();
        assertThat(n.drain(Duration.ofSeconds(5))).as("the cut attempt is no longer in flight").isTrue();

        FakeTarget up = new FakeTarget("hook", Set.of(), 0);
        Notifier restarted = notifier(new SimpleMeterRegistry(), QUICK, up);
        assertThat(restarted.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(up.received).extracting(ServerEvent::key).containsExactly("upgrade-started:1.0.0->1.1.0:g1");
    }

    @Test
    void aFailingTargetIsRetriedWithBackoffThenGivenUpAndCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FakeTarget flaky = new FakeTarget("flaky", Set.of(), 1);
        FakeTarget dead = new FakeTarget("dead", Set.of(), Integer.MAX_VALUE);
        Notifier n = notifier(registry, QUICK, flaky, dead);

        n.publish(event(EventKind.ROLLOUT_FAILED, "rollout-failed:1.1.0:g1", "failed"));

        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(flaky.received).hasSize(1);
        assertThat(flaky.attempts).hasValue(2);
        assertThat(dead.attempts).hasValue(3);
        assertThat(count(registry, "flaky", "retry")).isEqualTo(1);
        assertThat(count(registry, "flaky", "sent")).isEqualTo(1);
        assertThat(count(registry, "dead", "retry")).isEqualTo(2);
        assertThat(count(registry, "dead", "failed")).isEqualTo(1);
        assertThat(n.results(project)).filteredOn(r -> r.target().equals("dead")).singleElement()
                .satisfies(r -> assertThat(r.error()).isEqualTo("answered HTTP 500"));
    }

    @Test
    void degradedIsSentOncePerEpisodeAndRecoveredOnlyAfterIt() {
        FakeTarget hook = new FakeTarget("hook", Set.of(), 0);
        Notifier n = notifier(new SimpleMeterRegistry(), QUICK, hook);

        n.publish(event(EventKind.RECOVERED, "recovered", "fine")); // nothing was degraded: not news
        n.publish(event(EventKind.DEGRADED, "degraded:crash-loop", "dying"));
        n.publish(event(EventKind.DEGRADED, "degraded:crash-loop", "dying"));
        n.publish(event(EventKind.RECOVERED, "recovered", "fine"));
        n.publish(event(EventKind.RECOVERED, "recovered", "fine"));
        n.publish(new ServerEvent("degraded:crash-loop", EventKind.DEGRADED, "demo", T0.plusSeconds(60), null, null, null,
                "dying again", Map.of()));

        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();
        assertThat(hook.received).extracting(ServerEvent::kind).containsExactly(EventKind.DEGRADED, EventKind.RECOVERED,
                EventKind.DEGRADED);
    }

    @Test
    void theProjectsSecretsAreMaskedBeforeAnythingIsSentOrRecorded() throws Exception {
        FakeTarget hook = new FakeTarget("hook", Set.of(), 0);
        Notifier n = notifier(new SimpleMeterRegistry(), QUICK, hook);

        n.publish(new ServerEvent("rolled-back:x", EventKind.ROLLED_BACK, "demo", T0, "1.0.0", "1.1.0", "api",
                "api said " + SECRET, Map.of("reason", "not healthy (psql: password " + SECRET + " refused)")));

        assertThat(n.drain(Duration.ofSeconds(5))).isTrue();
        ServerEvent got = hook.received.get(0);
        assertThat(EventBodies.json(got)).doesNotContain(SECRET).contains("***");
        assertThat(Files.readString(project.paths().stateDir().resolve("notifications.yaml"))).doesNotContain(SECRET);
    }

    @Test
    void withoutTargetsNothingIsRecorded() throws Exception {
        ProjectContext none = ProjectContext.of(DesiredFile.parse(tmp.resolve("none.yaml"), """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: none
                spec:
                  version: 1.0.0
                  source:
                    url: https://releases.example.com/demo-{version}.zip
                  projectDir: projects/none
                """));
        Notifier n = new Notifier(new SimpleMeterRegistry(), Clock.systemUTC(), QUICK);
        notifiers.add(n);
        n.configure(none);
        n.publish(event(EventKind.DEGRADED, "degraded:x", "x"));
        assertThat(n.drain(Duration.ofSeconds(5))).as("the publish was handled").isTrue();
        assertThat(none.paths().stateDir().resolve("notifications.yaml")).doesNotExist();
    }

    private static double count(SimpleMeterRegistry registry, String target, String result) {
        var c = registry.find(Notifier.METRIC).tags("target", target, "result", result).counter();
        return c == null ? 0 : c.count();
    }
}
