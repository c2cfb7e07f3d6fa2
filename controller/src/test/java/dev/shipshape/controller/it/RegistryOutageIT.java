package dev.shipshape.controller.it;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.controller.loop.Controller;
import dev.shipshape.controller.resilience.Dependency;
import dev.shipshape.controller.resilience.DependencyBreakers;
import dev.shipshape.controller.resilience.ResilienceSettings;
import dev.shipshape.controller.resilience.RetryAttempt;
import dev.shipshape.controller.resilience.RetryAttempts;
import dev.shipshape.controller.status.Condition;
import dev.shipshape.controller.status.ConditionStatus;
import dev.shipshape.controller.status.ConditionType;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry goes away while {@code shipshape run} is asked to upgrade, against the real engine
 * and a real registry (a {@link PrivateRegistry} process of this test, which it stops and starts):
 * the pull is retried with growing waits, the registry's circuit breaker opens and then lets only
 * one trial call through per open period, status says Degraded and names the registry, /metrics
 * shows the open breaker, and the running 1.0.0 server is not touched. When the registry is back,
 * the loop converges to 1.1.0 on its own.
 *
 * <p>The two tests are one story in two steps and run in order: the recovery test starts the
 * registry the outage test stopped and checks the loop gets from that outage to 1.1.0 by itself;
 * without the outage before it there is nothing to recover from.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageIT.class);
    /** Services whose 1.1.0 image lives only in the private registry; db stays on the main registry. */
    private static final List<String> MOVED = List.of("web", "api");

    private static final int RETRY_ATTEMPTS = 4;
    private static final Duration RETRY_FIRST_WAIT = Duration.ofMillis(200);
    private static final double RETRY_JITTER = 0.1;
    private static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(3);
    private static final Duration REQUEUE_CAP = Duration.ofSeconds(2);
    /** From the registry stopping to the breaker open: one pass of retries (0.2 + 0.4 + 0.8 s) plus a requeue. */
    private static final Duration OPEN_BOUND = Duration.ofSeconds(20);
    /** From the registry answering again to 1.1.0 served and Ready: the rest of the open period, a requeue, two pulls, two recreations with health checks. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);

    /** What the registry's retry and breaker did, as they did it. */
    static final List<RetryAttempt> retries = new CopyOnWriteArrayList<>();
    static final List<Transition> transitions = new CopyOnWriteArrayList<>();
    static final List<Instant> recordedFailures = new CopyOnWriteArrayList<>();
    static final AtomicInteger refusedCalls = new AtomicInteger();
    static PrivateRegistry registry;
    static DependencyBreakers breakers;

    /** Set by the outage test, read by the recovery test that follows it. */
    static Map<String, String> beforeOutage;
    static Instant registryStopped;

    record Transition(CircuitBreaker.State from, CircuitBreaker.State to, Instant at) {
    }

    /** Closed after the project, in this order: the private registry's tags in the engine, the registry, the release server. */
    @RegisterExtension
    static final RunningController running = RunningController.builder()
            .project(f -> {
                ReleaseServer releases = f.closeAfterProject(new ReleaseServer(TestEnvironment.exampleDist()));
                registry = f.closeAfterProject(new PrivateRegistry(f.tmp().resolve("registry")));
                registry.start();
                TestProject project = new TestProject(f.tmp().resolve("work"), releases);
                f.closeAfterProject(() -> {
                    for (String service : MOVED) {
                        PrivateRegistry.untag(project.docker, registry.address() + "/spacetech/" + service + ":1.1.0");
                    }
                });
                for (String service : MOVED) {
                    registry.seed(project.docker, service, "1.1.0", tag -> { });
                }
                // 1.1.0 as the example builds it, but web and api come from the private registry
                ReleaseZips.serveWithImagesIn(releases, "1.1.0", registry, MOVED);
                return project;
            })
            .resilience(new ResilienceSettings(
                    4, 4, 50f, BREAKER_OPEN_FOR, 1,
                    RETRY_ATTEMPTS, RETRY_FIRST_WAIT, 2.0, RETRY_JITTER, Duration.ofSeconds(2),
                    Duration.ofMillis(200), REQUEUE_CAP,
                    5, Duration.ofMinutes(5)))
            .beforeStart(f -> {
                breakers = f.injector().getInstance(DependencyBreakers.class);
                f.injector().getInstance(RetryAttempts.class).addListener(a -> {
                    if (a.dependency() == Dependency.REGISTRY) {
                        retries.add(a);
                    }
                });
                breakers.of(Dependency.REGISTRY).getEventPublisher()
                        .onStateTransition(e -> transitions.add(new Transition(e.getStateTransition().getFromState(),
                                e.getStateTransition().getToState(), e.getCreationTime().toInstant())))
                        .onError(e -> recordedFailures.add(e.getCreationTime().toInstant()))
                        .onCallNotPermitted(e -> refusedCalls.incrementAndGet());
            })
            .build();

    final TestProject project = running.project();
    final Controller controller = running.controller();

    @BeforeAll
    static void installed() {
        assertThat(running.project().get(running.project().webPort, "/index.html")).contains("1.0.0");
        assertThat(retries).as("no registry retries while installing 1.0.0").isEmpty();
    }

    @Test
    @Order(1)
    void withTheRegistryStoppedRetriesBackOffTheBreakerOpensAndTheServerIsUntouched() throws Exception {
        beforeOutage = project.containerIds();
        Map<String, String> startedAt = startedAt(beforeOutage);
        registry.stop();
        registryStopped = Instant.now();
        project.writeDesired("1.1.0");

        // Retries back off: one pass's retries of the pull wait longer each time, and the attempts spread out.
        List<RetryAttempt> round = await("a full round of registry retries").atMost(OPEN_BOUND)
                .until(this::firstFullRound, Optional::isPresent).orElseThrow();
        for (int i = 1; i < round.size(); i++) {
            Duration gapBefore = Duration.between(round.get(i - 1).at(), round.get(i).at());
            assertThat(round.get(i).delay()).as("wait before retry %d vs retry %d: %s", i + 1, i, round)
                    .isGreaterThan(round.get(i - 1).delay());
            assertThat(gapBefore).as("time between failed attempts %d and %d: %s", i, i + 1, round)
                    .isGreaterThanOrEqualTo(round.get(i - 1).delay());
            if (i >= 2) {
                Duration previousGap = Duration.between(round.get(i - 2).at(), round.get(i - 1).at());
                assertThat(gapBefore).as("attempt times grow: %s", round).isGreaterThan(previousGap);
            }
        }
        assertThat(round).allSatisfy(a -> assertThat(a.failure()).contains(registry.address()));
        String waits = round.stream().map(a -> a.delay().toMillis() + " ms").toList().toString();

        // The circuit opens.
        await("the registry's breaker open").atMost(OPEN_BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> breakers.state(Dependency.REGISTRY) == CircuitBreaker.State.OPEN);
        Instant opened = transitions.stream().filter(t -> t.to() == CircuitBreaker.State.OPEN).findFirst().orElseThrow().at();

        // Status says Degraded and names the registry; not ready.
        await("status Degraded naming the registry").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Condition degraded = controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow();
            assertThat(degraded.status()).isEqualTo(ConditionStatus.TRUE);
            assertThat(degraded.message()).contains("the image registry is unavailable")
                    .contains("the running server is left as it is");
        });
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        assertThat(get("/status").body()).contains("image registry is unavailable");

        // /metrics shows the open breaker and the failed retries of the registry.
        await("/metrics showing the registry's breaker open").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = get("/metrics").body();
            assertThat(gauge(metrics, "resilience4j_circuitbreaker_state", "name=\"registry\"", "state=\"open\""))
                    .isEqualTo(1.0);
            assertThat(gauge(metrics, "resilience4j_retry_calls_total", "name=\"registry\"", "kind=\"failed_"))
                    .isGreaterThan(0.0);
        });

        // Not hammered: once open, nothing reaches the registry until the open period is over; then a
        // single trial call, which fails and opens the breaker again.
        await("a failed trial call re-opening the breaker").atMost(BREAKER_OPEN_FOR.plus(REQUEUE_CAP).plusSeconds(10))
                .until(() -> transitions.stream().anyMatch(t -> t.from() == CircuitBreaker.State.HALF_OPEN
                        && t.to() == CircuitBreaker.State.OPEN));
        Instant trial = recordedFailures.stream().filter(f -> f.isAfter(opened)).findFirst().orElseThrow();
        assertThat(Duration.between(opened, trial)).as("first call to the registry after the breaker opened")
                .isGreaterThanOrEqualTo(BREAKER_OPEN_FOR);
        assertThat(refusedCalls.get()).as("passes refused by the open breaker without calling the registry")
                .isPositive();

        // The running server is untouched: same containers, not restarted, still serving 1.0.0.
        assertThat(project.containerIds()).isEqualTo(beforeOutage);
        assertThat(startedAt(project.containerIds())).isEqualTo(startedAt);
        assertThat(project.get(project.webPort, "/index.html")).contains("1.0.0");
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.0.0");
        assertThat(controller.status().snapshot().currentVersion()).hasToString("1.0.0");
        for (String service : MOVED) {
            String ref = registry.address() + "/spacetech/" + service + ":1.1.0";
            assertThat(project.docker.listImagesCmd().exec()).as("nothing was pulled from a stopped registry")
                    .noneMatch(i -> i.getRepoTags() != null && List.of(i.getRepoTags()).contains(ref));
        }

        Duration toOpen = Duration.between(registryStopped, opened);
        LOG.info("registry outage: retry waits {}, breaker open {} ms after the registry stopped, trial call {} ms after"
                        + " it opened, {} calls refused while open", waits, toOpen.toMillis(),
                Duration.between(opened, trial).toMillis(), refusedCalls.get());
        System.out.printf("registry outage: retry waits %s; breaker open after %d ms; trial after %d ms; %d refused%n",
                waits, toOpen.toMillis(), Duration.between(opened, trial).toMillis(), refusedCalls.get());
    }

    @Test
    @Order(2)
    void whenTheRegistryIsBackTheLoopConverges() throws Exception {
        assertThat(beforeOutage).as("runs after the outage test").isNotNull();
        registry.start();
        Instant back = Instant.now();
        await("1.1.0 served and Ready after the registry came back").atMost(RECOVERY_BOUND)
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                    assertThat(project.get(project.webPort, "/index.html")).contains("1.1.0");
                    assertThat(controller.status().snapshot().ready()).isTrue();
                    assertThat(controller.status().snapshot().currentVersion()).hasToString("1.1.0");
                });
        Duration took = Duration.between(back, Instant.now());
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(project.get(project.apiPort, "/status.json")).contains("1.1.0");
        assertThat(breakers.state(Dependency.REGISTRY)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(controller.status().snapshot().condition(ConditionType.DEGRADED).orElseThrow().status())
                .isEqualTo(ConditionStatus.FALSE);
        Map<String, String> after = project.containerIds();
        assertThat(after.get("db")).as("db is unchanged in 1.1.0").isEqualTo(beforeOutage.get("db"));
        for (String service : MOVED) {
            assertThat(after.get(service)).isNotEqualTo(beforeOutage.get(service));
            assertThat(project.docker.inspectContainerCmd(after.get(service)).exec().getConfig().getImage())
                    .isEqualTo(registry.address() + "/spacetech/" + service + ":1.1.0");
        }
        String metrics = get("/metrics").body();
        assertThat(gauge(metrics, "resilience4j_circuitbreaker_state", "name=\"registry\"", "state=\"closed\"")).isEqualTo(1.0);
        LOG.info("registry back: converged to 1.1.0 in {} ms (bound {} s)", took.toMillis(), RECOVERY_BOUND.toSeconds());
        System.out.printf("registry back: converged to 1.1.0 in %d ms (bound %d s)%n", took.toMillis(),
                RECOVERY_BOUND.toSeconds());
    }

    // ---------- helpers ----------

    /** The first pass's retries of the registry: retry 1, 2, … up to the last allowed, in a row. */
    private Optional<List<RetryAttempt>> firstFullRound() {
        List<RetryAttempt> all = new ArrayList<>(retries);
        for (int start = 0; start + RETRY_ATTEMPTS - 1 <= all.size(); start++) {
            List<RetryAttempt> round = all.subList(start, start + RETRY_ATTEMPTS - 1);
            boolean inOrder = true;
            for (int i = 0; i < round.size(); i++) {
                inOrder &= round.get(i).retry() == i + 1;
            }
            if (inOrder) {
                return Optional.of(List.copyOf(round));
            }
        }
        return Optional.empty();
    }



    private Map<String, String> startedAt(Map<String, String> ids) {
        Map<String, String> started = new LinkedHashMap<>();
        ids.forEach((service, id) -> {
            InspectContainerResponse.ContainerState state = project.docker.inspectContainerCmd(id).exec().getState();
            assertThat(state.getRunning()).as("%s running", service).isTrue();
            started.put(service, state.getStartedAt());
        });
        return started;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return running.get(path);
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    private static double gauge(String metrics, String name, String... labels) {
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = sample.matcher(metrics);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            String l = m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= l.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }
}
