package dev.shipshape.reconcilers.containers;

import dev.shipshape.reconcilers.Cancellation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DowntimeSlotsTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void oneSlotLetsOneServiceDownAtATime() throws Exception {
        DowntimeSlots slots = new DowntimeSlots(1);
        AtomicInteger down = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Runnable outage = () -> slots.run("s", Cancellation.none(), () -> {
            most.accumulateAndGet(down.incrementAndGet(), Math::max);
            hold(release);
            down.decrementAndGet();
        });
        Future<?> first = pool.submit(outage);
        Future<?> second = pool.submit(outage);
        await().atMost(Duration.ofSeconds(5)).until(() -> down.get() == 1);
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertThat(most.get()).isEqualTo(1);
    }

    @Test
    void backgroundWorkRunsAtOnceWhenNoServiceIsDown() {
        DowntimeSlots slots = new DowntimeSlots(1);
        long t0 = System.nanoTime();
        assertThat(slots.background(Duration.ofSeconds(30), () -> "created")).isEqualTo("created");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void backgroundWorkWaitsForTheOutageInProgressAndTheOnesWaitingForASlot() throws Exception {
        DowntimeSlots slots = new DowntimeSlots(1);
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch endFirst = new CountDownLatch(1);
        CountDownLatch endSecond = new CountDownLatch(1);
        AtomicInteger outagesDone = new AtomicInteger();
        pool.submit(() -> slots.run("first", Cancellation.none(), () -> {
            inFirst.countDown();
            hold(endFirst);
            outagesDone.incrementAndGet();
        }));
        inFirst.await(5, TimeUnit.SECONDS);
        pool.submit(() -> slots.run("second", Cancellation.none(), () -> {
            hold(endSecond);
            outagesDone.incrementAndGet();
        }));
        // the second service is waiting for the slot before the background work asks (else it may come too late)
        await().atMost(Duration.ofSeconds(5)).until(() -> slots.pending() == 2);
        CompletableFuture<Integer> idle = CompletableFuture.supplyAsync(
                () -> slots.background(Duration.ofSeconds(30), outagesDone::get), pool);

        endFirst.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> outagesDone.get() == 1);
        assertThat(idle).isNotDone(); // the second service is down now
        endSecond.countDown();
        assertThat(idle.get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void backgroundWorkWaitsNoLongerThanItsBound() throws Exception {
        DowntimeSlots slots = new DowntimeSlots(1);
        CountDownLatch end = downUntil(slots, "long");
        long t0 = System.nanoTime();
        slots.background(Duration.ofMillis(300), () -> null);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
        end.countDown();
    }

    @Test
    void aServiceThatNeverGotASlotDoesNotCountAsWaiting() throws Exception {
        DowntimeSlots slots = new DowntimeSlots(1);
        CountDownLatch end = downUntil(slots, "holder");
        Cancellation cancelled = new Cancellation();
        cancelled.cancel("test");
        assertThatThrownBy(() -> slots.run("cancelled", cancelled, () -> {
        })).isInstanceOf(Cancellation.CancelledException.class);
        end.countDown();
        long t0 = System.nanoTime();
        slots.background(Duration.ofSeconds(30), () -> null); // the holder's outage ended; the cancelled one left no trace
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aServiceAboutToGoDownLetsACreateAlreadyRunningFinishFirst() throws Exception {
        DowntimeSlots slots = new DowntimeSlots(1);
        CountDownLatch inCreate = new CountDownLatch(1);
        CountDownLatch endCreate = new CountDownLatch(1);
        AtomicInteger outages = new AtomicInteger();
        Future<String> create = pool.submit(() -> slots.background(Duration.ofSeconds(30), () -> {
            inCreate.countDown();
            hold(endCreate);
            return "created";
        }));
        inCreate.await(5, TimeUnit.SECONDS);
        AtomicReference<Thread> outageThread = new AtomicReference<>();
        Future<?> outage = pool.submit(() -> {
            outageThread.set(Thread.currentThread());
            slots.run("s", Cancellation.none(), outages::incrementAndGet);
        });
        // the event: the outage has its slot and waits on the slots' monitor for the create (a free slot is
        // taken at once, so this timed wait is the one for running background work)
        await("the outage waiting for the create").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> outageThread.get() != null && outageThread.get().getState() == Thread.State.TIMED_WAITING);
        assertThat(outages.get()).as("outages begun while the create runs").isZero();
        endCreate.countDown();
        assertThat(create.get(5, TimeUnit.SECONDS)).isEqualTo("created");
        outage.get(5, TimeUnit.SECONDS);
        assertThat(outages.get()).isEqualTo(1);
    }

    /** Takes {@code service} down in the background until the returned latch is counted down; returns once it is down. */
    private CountDownLatch downUntil(DowntimeSlots slots, String service) throws InterruptedException {
        CountDownLatch down = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        pool.submit(() -> slots.run(service, Cancellation.none(), () -> {
            down.countDown();
            hold(end);
        }));
        assertThat(down.await(5, TimeUnit.SECONDS)).isTrue();
        return end;
    }

    private static void hold(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
