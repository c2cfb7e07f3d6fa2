package dev.shipshape.controller.source.git;

import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.model.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Git source against real repositories on disk (file://): what is applied, and what is not. */
class GitSourceTest {
    static final String PATH = "servers/demo.yaml";

    @TempDir
    Path tmp;

    GitTestRepo origin;
    ControllerMetrics controllerMetrics;
    GitMetrics metrics;
    Path base;

    @BeforeEach
    void setUp() {
        origin = GitTestRepo.init(tmp.resolve("origin"));
        controllerMetrics = new ControllerMetrics();
        metrics = new GitMetrics(controllerMetrics);
        base = tmp.resolve("base");
    }

    @AfterEach
    void tearDown() {
        origin.close();
        controllerMetrics.close();
    }

    static String desired(String version) {
        return """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata:
                  name: demo
                spec:
                  version: %s
                  source:
                    url: releases/demo-{version}.zip
                  projectDir: projects/demo
                """.formatted(version);
    }

    GitSettings settings(String branch, Duration poll) {
        return new GitSettings(origin.url(), branch, PATH, base, null, poll, null);
    }

    GitSource open() {
        return GitSource.open(settings("main", Duration.ofMinutes(1)), metrics);
    }

    @Test
    void appliesTheCommittedFileAtTheBranchHeadAndIgnoresUncommittedEdits() {
        String first = origin.commit(PATH, desired("1.0.0"), "pin 1.0.0\n\nmore text");
        try (GitSource source = open()) {
            source.fetch();
            DesiredRead read = source.read();
            assertThat(read.problem()).isNull();
            assertThat(read.desired().spec().version()).isEqualTo(Version.parse("1.0.0"));
            assertThat(read.commit().id()).isEqualTo(first);
            assertThat(read.commit().subject()).isEqualTo("pin 1.0.0");
            assertThat(read.commit().branch()).isEqualTo("main");
            // Project data lives under the base folder, never inside the clone.
            assertThat(read.desired().projectDir()).isEqualTo(base.toAbsolutePath().resolve("projects/demo"));

            origin.write(PATH, desired("9.9.9"));
            source.fetch();
            assertThat(source.read().desired().spec().version()).isEqualTo(Version.parse("1.0.0"));

            String second = origin.commit(PATH, desired("1.1.0"), "upgrade to 1.1.0");
            source.fetch();
            assertThat(source.read().desired().spec().version()).isEqualTo(Version.parse("1.1.0"));
            assertThat(source.read().commit().id()).isEqualTo(second);
            assertThat(source.generation()).isEqualTo(source.read().desired().generation());
        }
        assertThat(controllerMetrics.scrape()).contains("shipshape_git_fetch_total{result=\"success\"} 3.0");
    }

    /** Who may push a commit must not choose which of root's files shipshape reads. */
    @Test
    void aCommitNamingAFileOutsideTheBaseFolderIsNotApplied() {
        String good = origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        try (GitSource source = open()) {
            source.fetch();
            source.read();
            for (String[] outside : new String[][] {
                    {"spec.images.credentialsFile", "  images:\n    credentialsFile: ../../../../root/.docker/config.json\n"},
                    {"spec.images.offline", "  images:\n    offline: /var/lib/docker\n"},
                    {"spec.source.url", ""}}) {
                String text = outside[1].isEmpty()
                        ? desired("1.0.0").replace("releases/demo-{version}.zip", "file:///etc/shadow?{version}")
                        : desired("1.0.0") + outside[1];
                origin.commit(PATH, text, "read " + outside[0]);
                source.fetch();
                DesiredRead read = source.read();
                assertThat(read.commit().id()).isEqualTo(good);
                assertThat(read.problem().reason()).isEqualTo("InvalidCommit");
                assertThat(read.problem().message()).contains(outside[0], "is outside " + base.toAbsolutePath(),
                        "--allow-paths-outside", "commit " + good.substring(0, 12) + " stays applied");
            }
        }
    }

    @Test
    void theOperatorMayAllowPathsOutsideTheBaseFolder() {
        origin.commit(PATH, desired("1.0.0") + "  images:\n    offline: /srv/images\n", "tarballs from /srv");
        GitSettings allowed = new GitSettings(origin.url(), "main", PATH, base, null, Duration.ofMinutes(1), null, true);
        try (GitSource source = GitSource.open(allowed, metrics)) {
            source.fetch();
            assertThat(source.read().problem()).isNull();
            assertThat(source.read().desired().spec().images().offline()).isEqualTo("/srv/images");
        }
    }

    @Test
    void anInvalidOrMissingFileAtTheHeadKeepsTheLastGoodCommit() {
        String good = origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        try (GitSource source = open()) {
            source.fetch();
            source.read();

            String bad = origin.commit(PATH, desired("1.0.0").replace("version: 1.0.0", "version: one"), "typo");
            source.fetch();
            DesiredRead read = source.read();
            assertThat(read.desired().spec().version()).isEqualTo(Version.parse("1.0.0"));
            assertThat(read.commit().id()).isEqualTo(good);
            assertThat(read.problem().reason()).isEqualTo("InvalidCommit");
            assertThat(read.problem().generation()).isNotNull().isNotEqualTo(read.desired().generation());
            assertThat(read.problem().message())
                    .contains("commit " + bad.substring(0, 12), "\"typo\"", PATH + ":6", "spec.version",
                            "commit " + good.substring(0, 12) + " stays applied")
                    .doesNotContain(base.toString());
            assertThat(source.generation()).isEqualTo(read.problem().generation());

            String gone = origin.delete(PATH, "remove the file");
            source.fetch();
            read = source.read();
            assertThat(read.commit().id()).isEqualTo(good);
            assertThat(read.problem().message()).contains("commit " + gone.substring(0, 12), "there is no file " + PATH);
        }
    }

    @Test
    void aRestartWithAnInvalidHeadResumesTheLastGoodCommit() {
        String good = origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        try (GitSource source = open()) {
            source.fetch();
            source.read();
        }
        origin.commit(PATH, "not: [a desired file", "broken");
        try (GitSource source = open()) {
            source.fetch();
            DesiredRead read = source.read();
            assertThat(read.commit().id()).isEqualTo(good);
            assertThat(read.problem().reason()).isEqualTo("InvalidCommit");
        }
    }

    @Test
    void anInvalidHeadWithNoEarlierGoodCommitGivesNothingToApply() {
        origin.commit(PATH, "kind: Server\n", "incomplete");
        try (GitSource source = open()) {
            source.fetch();
            DesiredRead read = source.read();
            assertThat(read.desired()).isNull();
            assertThat(read.problem().message()).contains("no earlier commit was applied");
        }
    }

    @Test
    void theCloneIsReusedAndClonedAgainOnlyWhenDamaged() throws Exception {
        origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        Path repo;
        try (GitSource source = open()) {
            source.fetch();
            repo = settings("main", Duration.ofMinutes(1)).stateDir().resolve("repo");
            Files.writeString(repo.resolve("marker"), "kept");
        }
        try (GitSource source = open()) {
            assertThat(source.hasFetched()).isTrue(); // the earlier fetch is there before any network
            source.fetch();
        }
        assertThat(repo.resolve("marker")).exists();

        try (var files = Files.walk(repo.resolve("refs"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.delete(repo.resolve("HEAD"));
        try (GitSource source = open()) {
            source.fetch();
            assertThat(source.read().desired().spec().version()).isEqualTo(Version.parse("1.0.0"));
        }
        assertThat(repo.resolve("marker")).doesNotExist();
    }

    @Test
    void aMissingBranchOrRepositoryFailsTheFetchAndCountsIt() {
        origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        try (GitSource source = GitSource.open(settings("release", Duration.ofMinutes(1)), metrics)) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitFetchException.class)
                    .hasMessageContaining("no branch release").hasMessageContaining("--branch");
            assertThat(source.hasFetched()).isFalse();
            assertThat(source.read().desired()).isNull();
        }
        GitSettings nowhere = new GitSettings("file://" + tmp.resolve("nothing-here"), "main", PATH, base, null,
                Duration.ofMinutes(1), null);
        try (GitSource source = GitSource.open(nowhere, metrics)) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitFetchException.class).hasMessageContaining("cannot fetch");
        }
        assertThat(controllerMetrics.scrape()).contains("shipshape_git_fetch_total{result=\"failure\"} 2.0");
    }

    @Test
    void aStateFolderOfAnotherRepositoryIsRefused() {
        origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        Path state = tmp.resolve("state");
        new GitSettings(origin.url(), "main", PATH, base, state, Duration.ofMinutes(1), null);
        try (GitSource source = GitSource.open(new GitSettings(origin.url(), "main", PATH, base, state, Duration.ofMinutes(1), null), metrics)) {
            source.fetch();
        }
        GitSettings other = new GitSettings("file://" + tmp.resolve("other"), "main", PATH, base, state, Duration.ofMinutes(1), null);
        assertThatThrownBy(() -> GitSource.open(other, metrics)).isInstanceOf(GitSourceException.class)
                .hasMessageContaining("give another --state-dir");
    }

    @Test
    void pollingNoticesANewCommit() {
        origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        AtomicInteger changes = new AtomicInteger();
        try (GitSource source = GitSource.open(settings("main", Duration.ofMillis(100)), metrics)) {
            source.fetch();
            source.start(changes::incrementAndGet);
            origin.commit(PATH, desired("1.1.0"), "upgrade");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() >= 1);
            assertThat(source.read().desired().spec().version()).isEqualTo(Version.parse("1.1.0"));

            int before = changes.get();
            source.refresh(); // an explicit request notifies even when nothing moved
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.get() > before);
        }
    }

    @Test
    void triggersAreCoalescedToOneFetchWaitingBehindTheRunningOne() throws Exception {
        // Issue 20, item 8: every POST /trigger queued a fetch of its own, without bound.
        origin.commit(PATH, desired("1.0.0"), "pin 1.0.0");
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger changes = new AtomicInteger();
        try (GitSource source = GitSource.open(settings("main", Duration.ofHours(1)), metrics)) {
            source.fetch();
            source.start(() -> {
                changes.incrementAndGet();
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            source.refresh();
            assertThat(entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // the first fetch runs
            for (int i = 0; i < 1000; i++) {
                source.refresh();
            }
            release.countDown();
            source.drained().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(changes).as("the running fetch and one more, not 1001").hasValue(2);
        }
    }

    @Test
    void aCommitSubjectIsShownWithoutControlCharactersOrTheProjectsSecrets() throws Exception {
        // Issue 20, item 8: the subject went verbatim into logs, status.json, /status and `shipshape status`.
        java.nio.file.Files.createDirectories(base.resolve("projects/demo"));
        // user-secret is base64 of YAML
        java.nio.file.Files.writeString(base.resolve("projects/demo/user-secret"), java.util.Base64.getEncoder()
                .encodeToString("db:\n  password: s3cr3t-pa55word\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        origin.commit(PATH, desired("1.0.0"), "\u001B[2J\u001B[1;32mrotate\u001B[0m db to s3cr3t-pa55word\u0007");
        try (GitSource source = open()) {
            source.fetch();
            assertThat(source.read().commit().subject()).isEqualTo("rotate db to ***");
        }
    }
}
