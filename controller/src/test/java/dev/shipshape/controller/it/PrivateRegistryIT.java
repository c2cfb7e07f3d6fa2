package dev.shipshape.controller.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pulls from a password-protected registry (Debian's docker-registry with htpasswd auth on
 * 127.0.0.1) and digest pins, against the real engine: web and api 1.1.0 live only in that
 * registry. Without credentials the upgrade fails clearly and 1.0.0 keeps serving; a wrong pinned
 * digest is refused naming the service, expected and found digests, and 1.0.0 keeps serving; with
 * the credentials in user-secret and the right pin it upgrades. The password is in no log line,
 * no output and no error message.
 *
 * <p>The tests run in order on one installation: the first needs no credentials in user-secret (the
 * second writes them), the third completes the upgrade the first two refuse, and the last checks the
 * logs and the output of all of them for the password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivateRegistryIT {
    private static final List<String> MOVED = List.of("web", "api");
    private static final String USER = "shipper";
    private static final String PASSWORD = "Pr1vate-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static final String WRONG = "sha256:" + "0".repeat(64);

    ReleaseServer releases;
    PrivateRegistry registry;
    TestProject project;
    Map<String, String> before;
    final List<String> outputs = new ArrayList<>();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Level shipshapeLevel;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger shipshape = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.shipshape");
        shipshapeLevel = shipshape.getLevel();
        shipshape.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);

        releases = new ReleaseServer(TestEnvironment.exampleDist());
        registry = new PrivateRegistry(tmp.resolve("registry"), USER, PASSWORD);
        registry.start();
        project = new TestProject(tmp.resolve("work"), releases);
        for (String service : MOVED) {
            registry.seed(project.docker, service, "1.1.0", tag -> { });
        }
        // 1.1.0 as the example builds it, but web and api come from the private registry
        ReleaseZips.serveWithImagesIn(releases, "1.1.0", registry, MOVED);

        project.writeDesired("1.0.0");
        TestProject.Run install = run("apply");
        assertThat(install.exitCode()).as("install 1.0.0: %s", install).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        before = project.containerIds();
    }

    @AfterAll
    void stop() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.shipshape")).setLevel(shipshapeLevel);
        if (project != null) {
            project.close();
            for (String service : MOVED) {
                String repo = registry.address() + "/spacetech/" + service;
                PrivateRegistry.untag(project.docker, repo + ":1.1.0");
                String digest = registry.digest("spacetech/" + service, "1.1.0");
                if (digest != null) {
                    PrivateRegistry.untag(project.docker, repo + "@" + digest);
                }
            }
        }
        if (registry != null) {
            registry.close();
        }
        if (releases != null) {
            releases.close();
        }
    }

    @Test
    @Order(1)
    void withoutCredentialsTheUpgradeFailsClearlyAndTheOldVersionKeepsServing() {
        project.writeDesired("1.1.0");
        TestProject.Run r = run("apply");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).contains("requires credentials").contains(registry.address())
                .contains("user-secret").contains("registries:").contains("spec.images.credentialsFile").contains("config.json");
        assertOldVersionServing();
    }

    @Test
    @Order(2)
    void aWrongPinnedDigestIsRefusedNamingServiceExpectedAndFoundAndTheOldVersionKeepsServing() {
        userSecretWithCredentials();
        String real = registry.digest("spacetech/web", "1.1.0");
        assertThat(real).startsWith("sha256:");
        project.writeDesired("1.1.0", "", "", "  images:\n    digests:\n      web: " + WRONG + "\n");
        TestProject.Run r = run("apply");
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).as("%s", r).contains("service web").contains("expected " + WRONG).contains("found " + real)
                .contains("spec.images.digests.web");
        assertOldVersionServing();
    }

    @Test
    @Order(3)
    void withCredentialsInUserSecretAndTheRightPinTheUpgradeWorksAndThePlanShowsThePin() throws Exception {
        userSecretWithCredentials();
        String real = registry.digest("spacetech/web", "1.1.0");
        project.writeDesired("1.1.0", "", "", "  images:\n    digests:\n      web: " + real + "\n");
        String webRepo = registry.address() + "/spacetech/web";
        String apiRef = registry.address() + "/spacetech/api:1.1.0";

        TestProject.Run plan = run("plan");
        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(2);
        assertThat(plan.out()).as("%s", plan).contains("images: ").contains("web " + webRepo + "@" + real + " (pinned)")
                .contains("api " + apiRef + " (floating)");
        TestProject.Run json = run("plan", "--output", "json");
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        List<String> images = new ArrayList<>();
        doc.get("images").forEach(i -> images.add(i.get("service").asText() + " " + i.get("image").asText() + " " + i.get("pinned").asBoolean()));
        assertThat(images).contains("web " + webRepo + "@" + real + " true", "api " + apiRef + " false");

        TestProject.Run r = run("apply");
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0");
        Map<String, String> after = project.containerIds();
        assertThat(project.docker.inspectContainerCmd(after.get("web")).exec().getConfig().getImage()).isEqualTo(webRepo + "@" + real);
        assertThat(project.docker.inspectImageCmd(webRepo + "@" + real).exec().getRepoDigests()).contains(webRepo + "@" + real);
        assertThat(after.get("db")).isEqualTo(before.get("db"));
        assertThat(run("apply").exitCode()).as("a second apply changes nothing").isZero();
    }

    @Test
    @Order(4)
    void thePasswordIsInNoLogLineNoOutputAndNoErrorMessage() {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(logs.list).as("log events captured").isNotEmpty();
        assertThat(logs.list).as("the pull was logged").anyMatch(e -> e.getFormattedMessage().contains("pulling " + registry.address()));
        for (ILoggingEvent e : logs.list) {
            String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(line).doesNotContain(PASSWORD).doesNotContain(basic);
        }
        assertThat(outputs).isNotEmpty().allSatisfy(o -> assertThat(o).doesNotContain(PASSWORD).doesNotContain(basic));
    }

    // ---------- helpers ----------

    private TestProject.Run run(String command, String... extra) {
        TestProject.Run r = project.shipshape(command, extra);
        outputs.add(r.out());
        outputs.add(r.err());
        System.out.println("shipshape " + command + ": " + r);
        return r;
    }

    private void userSecretWithCredentials() {
        String yaml = "registries:\n  " + registry.address() + ": {username: " + USER + ", password: " + PASSWORD + "}\n";
        TestProject.write(project.projectDir().resolve("user-secret"),
                Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private void assertOldVersionServing() {
        assertThat(project.containerIds()).isEqualTo(before);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.0.0");
    }


}
