package dev.shipshape.controller.loop;

import dev.shipshape.controller.Reconciliation;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.controller.source.DesiredSource;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.plan.StartService;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The loop's scheduling rules with a fake pass: coalescing, cancellation on a new desired file, invalid files, retries. */
class ControlLoopTest {
    @TempDir
    Path dir;
    Path file;
    ControlLoop loop;
    final List<String> versionsSeen = new CopyOnWriteArrayList<>();
    final List<String> invalid = new CopyOnWriteArrayList<>();
    final AtomicInteger delays = new AtomicInteger();
    final AtomicInteger resets = new AtomicInteger();

    @BeforeEach
    void writeFile() throws Exception {
        file = dir.resolve("server.yaml");
        write("1.0.0");
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    void write(String version) throws Exception {
        Files.writeString(file, """
                apiVersion: shipshape.dev/v1
                kind: Server
                metadata: {name: demo}
                spec:
                  version: %s
                  source: {url: "http://127.0.0.1:1/demo-{version}.zip", insecure: true}
                  projectDir: projects/demo
                """.formatted(version));
    }

    ControlLoop start(ControlLoop.Pass pass) {
        loop = new ControlLoop(file, pass, new LoopListener() {
            @Override
            public void desiredInvalid(String generation, String error) {
                invalid.add(error);
            }
        }, new ControlLoop.RetryDelay() {
            @Override
            public Duration next() {
                delays.incrementAndGet();
                return Duration.ofMillis(50);
            }

            @Override
            public void reset() {
                resets.incrementAndGet();
            }
        }, List.of(), new dev.shipshape.controller.RolloutGuard(java.time.Clock.systemUTC()));
        return loop;
    }

    static PassOutcome converged(ProjectContext p) {
        Version v = p.desired().spec().version();
        return new PassOutcome.Acted(new Plan(v, v, List.of(), List.of(), List.of()), List.of());
    }

    @Test
    void triggersDuringAPassAreCoalescedIntoOneFollowUp() throws Exception {
        CountDownLatch inFirstPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        start((p, g, l) -> {
            if (passes.incrementAndGet() == 1) {
                inFirstPass.countDown();
                block(release);
            }
            return converged(p);
        });
        loop.trigger("first");
        assertThat(inFirstPass.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            loop.trigger("burst " + i);
        }
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2 && !loop.busy());
        // Not busy means no pass runs and none is queued; the second one had no trigger during it, so it
        // asked for no follow-up, and only a new trigger can start a third: the count is final.
        assertThat(passes.get()).isEqualTo(2);
    }

    @Test
    void aNewDesiredFileCancelsAPassWaitingOnHealthAndIsReconciledAtOnce() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        start((p, g, l) -> {
            versionsSeen.add(p.desired().spec().version().toString());
            if (versionsSeen.size() == 1) {
                waiting.countDown();
                // a health wait: only a cancellation ends it within the test's time
                healthWait(p.cancellation(), "waiting for web to become healthy");
            }
            return converged(p);
        });
        loop.trigger("start");
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        write("1.1.0");
        loop.desiredFileChanged();
        await().atMost(Duration.ofSeconds(5)).until(() -> versionsSeen.size() == 2);
        assertThat(versionsSeen).containsExactly("1.0.0", "1.1.0");
        assertThat(delays.get()).as("a cancelled pass is not a failure to back off from").isZero();
    }

    /**
     * A health wait: ends when the pass is cancelled (the checkpoint then throws) or after 30 s, as a
     * passing check would. Awaitility looks every 10 ms: no core spins while the test waits.
     */
    static void healthWait(Cancellation cancellation, String doing) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(cancellation::isCancelled);
        } catch (ConditionTimeoutException healthy) {
            return;
        }
        cancellation.checkpoint(doing);
    }

    /**
     * A pass that plans to start {@code service} and then waits for its health until cancelled (or 30 s);
     * the first pass's cancellation goes to {@code firstPass}.
     */
    ControlLoop.Pass waitingForHealthAfter(Plan plan, CountDownLatch planned, CountDownLatch waiting, AtomicInteger passes,
                                           List<String> cancellations, AtomicReference<Cancellation> firstPass) {
        return (p, g, l) -> {
            if (passes.incrementAndGet() == 1) {
                firstPass.set(p.cancellation());
                block(planned);
                l.planned(plan);
                waiting.countDown();
                try {
                    healthWait(p.cancellation(), "waiting for db to become healthy");
                } catch (Cancellation.CancelledException e) {
                    cancellations.add(e.getMessage());
                    throw e;
                }
            }
            return converged(p);
        };
    }

    static Plan startDb(String target, String installed) {
        return new Plan(Version.parse(target), Version.parse(installed),
                List.of(new StartService("db", "id-db", "container is exited")), List.of(), List.of());
    }

    @Test
    void anotherServiceGoingDownCutsAHealPassesHealthWaitShortAndIsBroughtBackAtOnce() throws Exception {
        for (boolean beforePlanning : new boolean[]{false, true}) {
            CountDownLatch planned = new CountDownLatch(beforePlanning ? 1 : 0);
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicInteger passes = new AtomicInteger();
            List<String> cancellations = new CopyOnWriteArrayList<>();
            AtomicReference<Cancellation> firstPass = new AtomicReference<>();
            start(waitingForHealthAfter(startDb("1.0.0", "1.0.0"), planned, waiting, passes, cancellations, firstPass));
            loop.trigger("db died");
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);
            if (beforePlanning) {
                // the pass observed before api went down, so its plan does not bring api back; db went
                // away before it observed, and its plan brings db back: no reason to cancel that
                loop.serviceEnded("db", true, "db removed");
                loop.serviceEnded("api", false, "api died");
                planned.countDown();
            } else {
                assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
                loop.serviceEnded("db", false, "db died again");
                assertNotCutShort(firstPass.get(), passes, "db's own stop (its health wait reports it)");
                loop.serviceEnded("api", false, "api died");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2 && !loop.busy());
            assertThat(cancellations).singleElement().asString()
                    .contains("api went down while this pass waited for db to become healthy");
            assertThat(delays.get()).as("a cancelled pass is not a failure to back off from").isZero();
            loop.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void theRemovalOfTheContainerAHealWaitsForCutsTheWaitShortAndItsStopDoesNot() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        List<String> cancellations = new CopyOnWriteArrayList<>();
        AtomicReference<Cancellation> firstPass = new AtomicReference<>();
        start(waitingForHealthAfter(startDb("1.0.0", "1.0.0"), new CountDownLatch(0), waiting, passes, cancellations,
                firstPass));
        loop.trigger("db died");
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        loop.serviceEnded("db", false, "db died again"); // its health wait reports that, with the exit code
        assertNotCutShort(firstPass.get(), passes, "db's stop");
        loop.serviceEnded("db", true, "db removed"); // it can never become healthy
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2 && !loop.busy());
        assertThat(cancellations).singleElement().asString().contains("db went down while this pass waited for db");
    }

    @Test
    void aRolloutIsNotCutShortWhenAServiceGoesDown() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger passes = new AtomicInteger();
        List<String> cancellations = new CopyOnWriteArrayList<>();
        AtomicReference<Cancellation> firstPass = new AtomicReference<>();
        start(waitingForHealthAfter(startDb("1.1.0", "1.0.0"), new CountDownLatch(0), waiting, passes, cancellations,
                firstPass));
        loop.trigger("upgrade");
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        loop.serviceEnded("api", false, "api died");
        assertNotCutShort(firstPass.get(), passes, "api's death during a rollout");
        assertThat(cancellations).isEmpty();
        assertThat(loop.busy()).isTrue();
    }

    @Test
    void aRefusedNewestStateBesideAGoodOneReconcilesTheGoodOneAndReportsTheProblem() throws Exception {
        DesiredFile good = DesiredFile.parse(file, Files.readString(file));
        DesiredRead.Problem problem = new DesiredRead.Problem("InvalidCommit", "feed", "commit abc is not applied");
        List<DesiredRead> reads = new CopyOnWriteArrayList<>();
        DesiredSource source = new DesiredSource() {
            @Override
            public DesiredRead read() {
                return new DesiredRead(good, null, problem);
            }

            @Override
            public String generation() {
                return "feed";
            }

            @Override
            public void start(Runnable onChange) {
            }

            @Override
            public void refresh() {
            }

            @Override
            public String describe() {
                return "test source";
            }

            @Override
            public void close() {
            }
        };
        loop = new ControlLoop(source, (p, g, l) -> {
            versionsSeen.add(p.desired().spec().version().toString());
            return converged(p);
        }, new LoopListener() {
            @Override
            public void desiredRead(DesiredRead read) {
                reads.add(read);
            }

            @Override
            public void desiredInvalid(String generation, String error) {
                invalid.add(error);
            }
        }, new ControlLoop.RetryDelay() {
            @Override
            public Duration next() {
                return Duration.ofMillis(50);
            }

            @Override
            public void reset() {
            }
        }, List.of(), new dev.shipshape.controller.RolloutGuard(java.time.Clock.systemUTC()));
        loop.trigger("start");
        await().atMost(Duration.ofSeconds(5)).until(() -> versionsSeen.size() == 1 && !loop.busy());
        assertThat(versionsSeen).containsExactly("1.0.0");
        assertThat(reads).singleElement().extracting(DesiredRead::problem).isEqualTo(problem);
        assertThat(invalid).isEmpty();
    }

    @Test
    void anInvalidDesiredFileIsReportedAndNothingRuns() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        start((p, g, l) -> {
            passes.incrementAndGet();
            return converged(p);
        });
        Files.writeString(file, "apiVersion: shipshape.dev/v1\nkind: Server\nmetadata: {name: demo}\nspec: {version: [1]}\n");
        loop.trigger("edit");
        await().atMost(Duration.ofSeconds(5)).until(() -> !invalid.isEmpty());
        assertThat(invalid.get(0)).contains("server.yaml").contains("spec.version");
        assertThat(passes.get()).isZero();
    }

    @Test
    void aFailedPassIsRetriedAfterTheBackoffAndASuccessResetsIt() {
        AtomicInteger passes = new AtomicInteger();
        start((p, g, l) -> {
            if (passes.incrementAndGet() < 3) {
                throw new ReconcileException("the registry did not answer", true);
            }
            return converged(p);
        });
        loop.trigger("start");
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 3 && !loop.busy());
        assertThat(delays.get()).isEqualTo(2);
        assertThat(resets.get()).isEqualTo(1);
    }

    /**
     * {@link ControlLoop#serviceEnded} decides on the caller's thread, under the loop's lock: once it
     * returns, the running pass is cancelled or it is not. Not cancelled, it keeps waiting, and the
     * follow-up the event asked for waits for it to end.
     */
    private static void assertNotCutShort(Cancellation pass, AtomicInteger passes, String what) {
        assertThat(pass.isCancelled()).as("%s cuts the pass's health wait short", what).isFalse();
        assertThat(passes.get()).as("passes after %s", what).isEqualTo(1);
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** A pass whose recreation of api at spec.version, upgrading from 0.9.0, failed with {@code kind}. */
    static PassOutcome failedUpgrade(ProjectContext p, Failure.Kind kind) {
        Version v = p.desired().spec().version();
        var api = new dev.shipshape.model.compose.ServiceSpec("api", "reg/api:" + v, null, null, null, null, null, null,
                null, null, "host", null, null, null);
        var recreate = new dev.shipshape.model.plan.RecreateService(api, "h", v, "old", List.of("image"), null);
        return new PassOutcome.Failed(new Plan(v, Version.parse("0.9.0"), List.of(recreate), List.of(), List.of()),
                List.of(), recreate, new Failure(kind, "api did not become healthy", new ReconcileException("api did not become healthy", false)));
    }

    @Test
    void aFailedRolloutIsRecordedAndTheNextPassRunsAtOnceWhileATransientFailureWaitsForTheBackoff() throws Exception {
        AtomicInteger passes = new AtomicInteger();
        start((p, g, l) -> switch (passes.incrementAndGet()) {
            case 1 -> failedUpgrade(p, Failure.Kind.TRANSIENT);
            case 2 -> failedUpgrade(p, Failure.Kind.VERDICT);
            default -> converged(p);
        });
        loop.trigger("start");
        await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 3 && !loop.busy());

        assertThat(delays.get()).as("only the transient failure waits for the backoff").isEqualTo(1);
        var record = new dev.shipshape.reconcilers.records.ProjectRecords(
                new dev.shipshape.reconcilers.files.ProjectPaths(dir.resolve("projects/demo"))).rollouts().read();
        assertThat(record).hasValueSatisfying(r -> {
            assertThat(r.failedVersion()).isEqualTo(Version.parse("1.0.0"));
            assertThat(r.restoredVersion()).isEqualTo(Version.parse("0.9.0"));
            assertThat(r.service()).isEqualTo("api");
        });
    }
}
