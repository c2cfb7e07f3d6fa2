package dev.shipshape.controller;

import dev.shipshape.controller.resilience.ActionDispatcher;
import dev.shipshape.controller.resilience.DependencyBreakers;
import dev.shipshape.controller.resilience.ResilienceConfigs;
import dev.shipshape.controller.resilience.ResilienceSettings;
import dev.shipshape.controller.resilience.ResilientDispatcher;
import dev.shipshape.controller.resilience.RetryAttempts;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.DependsOn;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.rollout.Failure;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.plan.RecreateService;
import dev.shipshape.reconcilers.Cancellation;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PlanExecutorTest {
    private static final Version V = Version.parse("1.1.0");
    private static final ProjectContext PROJECT = new ProjectContext(null, null, Cancellation.none());

    /** What the actions did, in order: "start x", "end x". */
    private final List<String> events = new CopyOnWriteArrayList<>();
    /** Services whose recreation blocks until released. */
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    /** Services whose recreation fails. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** Services whose recreation stops at a safe point, as on a newer desired file. */
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    private final class Recreate implements Reconciler<RecreateService> {
        @Override
        public Class<RecreateService> actionType() {
            return RecreateService.class;
        }

        @Override
        public ActionOutcome reconcile(RecreateService action, ProjectContext project) {
            String s = action.service();
            if (cancelled.contains(s)) {
                return new ActionOutcome.Cancelled(s + " was cancelled: the desired file changed");
            }
            events.add("start " + s);
            try {
                CountDownLatch latch = held.get(s);
                if (latch != null && !latch.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(s + " was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failing.contains(s)) {
                events.add("failed " + s);
                return ActionOutcome.verdict(s + " did not become healthy");
            }
            events.add("end " + s);
            return ActionOutcome.done();
        }
    }

    private <A extends Action> Reconciler<A> recording(Class<A> type, String name) {
        return new Reconciler<>() {
            @Override
            public Class<A> actionType() {
                return type;
            }

            @Override
            public ActionOutcome reconcile(A action, ProjectContext project) {
                events.add(name);
                return ActionOutcome.done();
            }
        };
    }

    private PlanExecutor executor() {
        ResilienceSettings settings = ResilienceSettings.forTests();
        Clock clock = Clock.systemUTC();
        return new PlanExecutor(new ResilientDispatcher(new ActionDispatcher(Set.of(new Recreate(),
                recording(ExportRelease.class, "export"), recording(RecordInstalled.class, "record"))),
                new DependencyBreakers(CircuitBreakerRegistry.of(ResilienceConfigs.breaker(settings, clock)), settings, clock),
                new RetryAttempts(RetryRegistry.of(ResilienceConfigs.retry(settings)), clock)));
    }

    private static RecreateService recreate(String name, String... deps) {
        ServiceSpec spec = new ServiceSpec(name, "r/" + name + ":1", null, null, Map.of(), List.of(), null,
                Arrays.stream(deps).map(d -> new DependsOn(d, DependsOn.Condition.SERVICE_HEALTHY)).toList(),
                "no", Map.of(), "host", null, null, null);
        return new RecreateService(spec, "h", V, "id-" + name, List.of("image"), dev.shipshape.model.plan.Reason.IMAGE_CHANGED);
    }

    private static Plan plan(Action... actions) {
        return new Plan(V, Version.parse("1.0.0"), List.of(actions), List.of(), List.of(), null, null);
    }

    @Test
    void anIndependentServiceDoesNotWaitForASlowOneAndADependentStartsOnceItsDependencyIsDone() throws Exception {
        held.put("db", new CountDownLatch(1));
        Plan plan = plan(new ExportRelease(V, List.of()), recreate("db"), recreate("cache"), recreate("api", "db"),
                new RecordInstalled(V, Version.parse("1.0.0")));
        AtomicReference<PassOutcome> done = new AtomicReference<>();
        Thread pass = new Thread(() -> done.set(executor().execute(plan, PROJECT, ActionGate.OPEN, Reconciliation.ProgressListener.NONE)));
        pass.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("end cache"));
        assertThat(events).as("api waits for db, which is still being replaced").doesNotContain("start api", "end db");
        held.get("db").countDown();
        pass.join(60_000);

        assertThat(done.get()).isInstanceOf(PassOutcome.Acted.class);
        assertThat(done.get().done()).hasSize(5);
        assertThat(events).containsSubsequence("export", "start db", "end db", "start api", "end api", "record");
        assertThat(events.indexOf("end cache")).isLessThan(events.indexOf("end db"));
    }

    @Test
    void theFirstFailureStartsNothingNewButWhatRunsIsAwaited() throws Exception {
        held.put("slow", new CountDownLatch(1));
        failing.add("bad");
        Plan plan = plan(recreate("slow"), recreate("bad"), recreate("after-bad", "bad"),
                new RecordInstalled(V, Version.parse("1.0.0")));
        AtomicReference<PassOutcome> outcome = new AtomicReference<>();
        Thread pass = new Thread(() -> outcome.set(executor().execute(plan, PROJECT, ActionGate.OPEN, Reconciliation.ProgressListener.NONE)));
        pass.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> events.contains("failed bad"));
        assertThat(pass.isAlive()).as("the pass waits for slow, which still runs").isTrue();
        held.get("slow").countDown();
        pass.join(60_000);

        assertThat(outcome.get()).isInstanceOf(PassOutcome.Failed.class);
        PassOutcome.Failed failed = (PassOutcome.Failed) outcome.get();
        assertThat(failed.action().service()).isEqualTo("bad");
        assertThat(failed.failure().kind()).isEqualTo(Failure.Kind.VERDICT);
        assertThat(failed.failure().message()).contains("bad did not become healthy");
        assertThat(failed.done()).extracting(Action::service).containsExactly("slow");
        assertThat(events).contains("end slow").doesNotContain("start after-bad", "record");
    }

    @Test
    void aGatesRefusalAndACancelledActionAreOutcomesNotExceptions() {
        Plan plan = plan(recreate("db"), recreate("api", "db"));
        PassOutcome refused = executor().execute(plan, PROJECT, action -> Optional.of(Failures.refused(
                new ReconcileException(action.service() + " keeps dying; held back", true))), Reconciliation.ProgressListener.NONE);
        assertThat(refused).isInstanceOf(PassOutcome.Failed.class);
        assertThat(((PassOutcome.Failed) refused).failure().kind()).isEqualTo(Failure.Kind.REFUSED);
        assertThat(events).isEmpty();

        cancelled.add("db");
        PassOutcome stopped = executor().execute(plan, PROJECT, ActionGate.OPEN, Reconciliation.ProgressListener.NONE);
        assertThat(stopped).isInstanceOf(PassOutcome.Cancelled.class);
        assertThat(((PassOutcome.Cancelled) stopped).why()).contains("db was cancelled");
        assertThat(events).doesNotContain("start api");
    }
}
