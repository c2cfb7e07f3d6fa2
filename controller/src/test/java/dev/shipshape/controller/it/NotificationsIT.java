package dev.shipshape.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.shipshape.controller.cli.Main;
import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.notify.Notifier;
import dev.shipshape.controller.status.NotificationStatus;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.ProjectContext;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications with real parts on 127.0.0.1: webhook receivers (the JDK's HTTP server) that answer 200, 500 or
 * hang, a real SMTP server (GreenMail), the example's releases (1.2.0's api is never healthy) on the real engine.
 */
class NotificationsIT {
    private static final String FAST = "    healthTimeout: 8s\n";
    /**
     * Far more than publishing takes (microseconds; a loaded machine may stall a thread for a while), far less than
     * one delivery to a hanging receiver (its 10 s request timeout) that a blocking publish would cost.
     */
    private static final Duration PUBLISH_BOUND = Duration.ofSeconds(1);

    @RegisterExtension
    static final RunningController fixture = RunningController.builder().withoutController().desired(null).eachTest()
            .build();

    TestProject project;
    final List<AutoCloseable> resources = new ArrayList<>();
    /** The longest a ServerEvents.publish call took, over every controller of the test. */
    final AtomicLong slowestPublishNanos = new AtomicLong();

    @BeforeEach
    void start() {
        project = fixture.project();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.add(resource);
        return resource;
    }

    /** A controller and its notifier: a fresh injector, as a fresh process has. */
    private record Running(Controller controller, Notifier notifier) {
        /** As the process would end: the controller stops, and so do the deliveries under way. */
        void stop() {
            controller.close();
            notifier.close();
        }
    }

    /** A controller from the production wiring whose every publish is timed. */
    private Running controller() throws Exception {
        var injector = Guice.createInjector(Modules.override(dev.shipshape.controller.wiring.Modules.controller())
                .with(new AbstractModule() {
                    @Provides
                    @Singleton
                    ServerEvents timed(Notifier notifier) {
                        return new ServerEvents() {
                            @Override
                            public void publish(ServerEvent event) {
                                long t0 = System.nanoTime();
                                notifier.publish(event);
                                slowestPublishNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                            }

                            @Override
                            public void configure(ProjectContext p) {
                                notifier.configure(p);
                            }
                        };
                    }
                }));
        Notifier notifier = closing(injector.getInstance(Notifier.class));
        Controller c = closing(injector.getInstance(Controller.class));
        c.start(new Controller.Settings(project.desiredFile, "127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofSeconds(20)),
                DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)));
        return new Running(c, notifier);
    }

    /** Whether the record holds no delivery to {@code target} still pending (the receiver got it and said so). */
    private boolean delivered(String target) throws Exception {
        var record = ProjectContext.of(DesiredFile.parse(project.desiredFile, Files.readString(project.desiredFile)))
                .records().notifications().read();
        return record.events().stream().noneMatch(s -> "pending".equals(s.deliveries().get(target)));
    }

    private void writeDesired(String version, String notify, boolean fast) throws Exception {
        project.writeDesired(version, "", "", "  notify:\n" + notify);
        if (fast) {
            TestProject.write(project.desiredFile, Files.readString(project.desiredFile).replace("    healthTimeout: 60s\n", FAST));
        }
    }

    private static String webhook(WebhookReceiver r) {
        return "    - webhook: {url: \"" + r.url() + "\", format: json}\n";
    }

    @Test
    void eachRolloutEventArrivesOnceAcrossARestartAndBadReceiversCostTheRolloutNothing() throws Exception {
        WebhookReceiver good = closing(new WebhookReceiver(WebhookReceiver.Mode.OK));
        WebhookReceiver failing = closing(new WebhookReceiver(WebhookReceiver.Mode.ERROR));
        WebhookReceiver hanging = closing(new WebhookReceiver(WebhookReceiver.Mode.HANG));
        TestProject.write(project.dir.resolve("hook.headers"), "# the receiver's token\nAuthorization: Bearer tok-5521\n");
        String notify = webhook(good).replace("format: json}", "format: json, headersFile: hook.headers}")
                + webhook(failing) + webhook(hanging);
        writeDesired("1.0.0", notify, false);
        TestProject.Run install = project.shipshape("apply");
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(good.requests()).as("a first install is no upgrade").isEmpty();

        Running firstRun = controller();
        Controller first = firstRun.controller();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.status().snapshot().ready());
        long upgradeStarted = System.nanoTime();
        writeDesired("1.1.0", notify, false);
        await("upgrade-succeeded 1.1.0").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> !good.events("upgrade-succeeded").isEmpty());
        Duration upgrade = Duration.ofNanos(System.nanoTime() - upgradeStarted);
        System.out.println("NotificationsIT: upgrade 1.0.0 -> 1.1.0 with a failing and a hanging receiver took "
                + upgrade.toMillis() + " ms; the slowest publish " + slowestPublishNanos.get() / 1_000 + " us");

        // the never-healthy release: the controller is restarted while it waits for api's health
        writeDesired("1.2.0", notify, true);
        await("upgrade-started 1.2.0").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> good.events("upgrade-started").stream().anyMatch(j -> j.path("to").asText().equals("1.2.0")));
        String goodTarget = "webhook:127.0.0.1:" + good.port();
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered(goodTarget));
        firstRun.stop();
        Controller second = controller().controller();
        await("rolled-back").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> !good.events("rolled-back").isEmpty());
        await().atMost(Duration.ofSeconds(60)).until(() -> second.status().snapshot().currentVersion() != null
                && second.status().snapshot().currentVersion().toString().equals("1.1.0"));
        RunningController.awaitPasses(second, 2, Duration.ofSeconds(30));

        assertThat(good.events("upgrade-started")).extracting(j -> j.path("to").asText()).containsExactly("1.1.0", "1.2.0");
        assertThat(good.events("upgrade-succeeded")).singleElement().satisfies(j -> {
            assertThat(j.path("from").asText()).isEqualTo("1.0.0");
            assertThat(j.path("to").asText()).isEqualTo("1.1.0");
            assertThat(j.path("project").asText()).isEqualTo(project.name);
        });
        assertThat(good.events("rolled-back")).singleElement().satisfies(j -> {
            assertThat(j.path("service").asText()).isEqualTo("api");
            assertThat(j.path("from").asText()).isEqualTo("1.1.0");
            assertThat(j.path("to").asText()).isEqualTo("1.2.0");
            assertThat(j.path("summary").asText()).contains("api").contains("rolling back to 1.1.0");
            assertThat(j.path("details").path("reason").asText()).contains("api");
        });
        assertThat(good.events("rollout-failed")).isEmpty();

        // the bad receivers cost nothing: publishing returned at once, and both were tried again
        assertThat(Duration.ofNanos(slowestPublishNanos.get())).isLessThan(PUBLISH_BOUND);
        assertThat(upgrade).as("the upgrade did not wait for the hanging receiver's 10 s timeouts").isLessThan(Duration.ofSeconds(60));
        await("the failing receiver is retried").atMost(Duration.ofSeconds(30))
                .until(() -> sameKeyTwice(failing.requests().stream().map(WebhookReceiver.Request::json).toList()));
        await("the hanging receiver is retried").atMost(Duration.ofSeconds(40))
                .until(() -> sameKeyTwice(hanging.requests().stream().map(WebhookReceiver.Request::json).toList()));
        String metrics = RunningController.get(second, "/metrics").body();
        assertThat(metrics).contains("shipshape_notifications_total{result=\"retry\",target=\"webhook:127.0.0.1:" + failing.port() + "\"}");
        assertThat(metrics).contains("shipshape_notifications_total{result=\"sent\",target=\"webhook:127.0.0.1:" + good.port() + "\"}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(second.status().snapshot().notifications())
                .filteredOn(n -> n.target().equals("webhook:127.0.0.1:" + failing.port())).singleElement()
                .satisfies(n -> assertThat(n.error()).contains("HTTP 500")));
        assertThat(second.status().snapshot().notifications()).extracting(NotificationStatus::target)
                .noneMatch(t -> t.contains("T0KEN"));

        assertThat(good.requests()).allSatisfy(r -> assertThat(r.headers().get("Authorization")).containsExactly("Bearer tok-5521"));
        assertThat(failing.requests()).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("Authorization"));
        assertThat(Files.readString(project.projectDir().resolve(".shipshape/notifications.yaml")))
                .doesNotContain("tok-5521").doesNotContain("T0KEN");
        assertThat(Files.readString(project.projectDir().resolve(".shipshape/status.json")))
                .doesNotContain("tok-5521").doesNotContain("T0KEN");

        // no secret of the project in any body
        List<String> secrets = secretValues(ProjectContext.of(DesiredFile.parse(project.desiredFile,
                Files.readString(project.desiredFile))).paths().projectDir());
        assertThat(secrets).isNotEmpty();
        for (WebhookReceiver r : List.of(good, failing, hanging)) {
            for (WebhookReceiver.Request req : r.requests()) {
                secrets.forEach(s -> assertThat(req.body()).doesNotContain(s));
            }
        }
    }

    @Test
    void anInvalidDesiredFileIsDegradedOnceAndItsFixRecoveredOnce() throws Exception {
        WebhookReceiver receiver = closing(new WebhookReceiver(WebhookReceiver.Mode.OK));
        String notify = webhook(receiver).replace(", format: json}", ", format: json}\n      on: [degraded, recovered]");
        writeDesired("1.0.0", notify, false);
        TestProject.Run install = project.shipshape("apply");
        assertThat(install.exitCode()).as(install.toString()).isZero();
        Running running = controller();
        await().atMost(Duration.ofSeconds(60)).until(() -> running.controller().status().snapshot().ready());
        String good = Files.readString(project.desiredFile);

        TestProject.write(project.desiredFile, good.replace("version: 1.0.0", "version: [1.0.0]"));
        await("degraded").atMost(Duration.ofSeconds(30)).until(() -> !receiver.events("degraded").isEmpty());
        RunningController.awaitPasses(running.controller(), 2, Duration.ofSeconds(30)); // more passes see it: still one
        TestProject.write(project.desiredFile, good);
        await("recovered").atMost(Duration.ofSeconds(30)).until(() -> !receiver.events("recovered").isEmpty());
        RunningController.awaitPasses(running.controller(), 2, Duration.ofSeconds(30));

        assertThat(receiver.events("degraded")).singleElement().satisfies(j -> {
            assertThat(j.path("details").path("reason").asText()).isEqualTo("invalid-desired-file");
            assertThat(j.path("details").path("message").asText()).contains("spec.version");
        });
        assertThat(receiver.events("recovered")).hasSize(1);
        assertThat(receiver.requests()).as("the filter keeps the rest out").hasSize(2);
    }

    /** Some event was received at least twice (the same key): it was retried. */
    private static boolean sameKeyTwice(List<JsonNode> bodies) {
        return bodies.stream().map(j -> j.path("key").asText()).distinct().count() < bodies.size();
    }

    /** The values of generated-secret.yaml (the example's db password and api token). */
    private static List<String> secretValues(Path projectDir) throws Exception {
        List<String> values = new ArrayList<>();
        try (Stream<String> lines = Files.lines(projectDir.resolve("generated-secret.yaml"))) {
            lines.map(String::strip).filter(l -> l.contains(": ")).map(l -> l.substring(l.indexOf(": ") + 2).replace("\"", "").strip())
                    .filter(v -> v.length() >= 16).forEach(values::add);
        }
        return values;
    }

    @Test
    void anEmailArrivesThroughARealSmtpServerAndNotifyTestReportsEachTarget() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.setUser("shipshape@example.com", "notify-user", "smtp-pass-9921");
        smtp.start();
        closing(smtp::stop);
        Path credentials = project.dir.resolve("smtp.yaml");
        TestProject.write(credentials, "username: notify-user\npassword: smtp-pass-9921\n");
        String email = "    - email: {host: 127.0.0.1, port: " + smtp.getSmtp().getPort() + ", tls: none,"
                + " from: shipshape@example.com, to: [ops@example.com], credentialsFile: smtp.yaml}\n"
                + "      on: [upgrade-succeeded]\n";
        writeDesired("1.0.0", email, false);
        TestProject.Run install = project.shipshape("apply");
        assertThat(install.exitCode()).as(install.toString()).isZero();

        // under apply: the upgrade's e-mail goes out before apply exits
        writeDesired("1.1.0", email, false);
        TestProject.Run upgrade = project.shipshape("apply");
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 1);
        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getSubject()).isEqualTo("[" + project.name + "] upgrade-succeeded: 1.0.0 -> 1.1.0");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        assertThat(mail.getHeader("X-Shipshape-Event")[0]).isEqualTo("upgrade-succeeded");
        assertThat(String.valueOf(mail.getContent())).contains(project.name + " runs 1.1.0 (was 1.0.0)");
        TestProject.Run status = project.shipshape("status");
        assertThat(status.out()).contains("email:127.0.0.1: sent");

        // notify test: the e-mail target and a webhook nobody listens on
        WebhookReceiver gone = new WebhookReceiver(WebhookReceiver.Mode.OK);
        String deadUrl = gone.url();
        gone.close();
        writeDesired("1.1.0", email + "    - webhook: {url: \"" + deadUrl + "\"}\n", false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "notify", "test", "-f",
                project.desiredFile.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("ok      email:127.0.0.1").contains("FAILED  webhook:127.0.0.1:" + gone.port())
                .doesNotContain("T0KEN").doesNotContain("smtp-pass-9921");
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(smtp.getReceivedMessages()[1].getSubject()).startsWith("[" + project.name + "] test");
    }
}
