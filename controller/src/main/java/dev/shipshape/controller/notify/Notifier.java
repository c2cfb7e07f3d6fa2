package dev.shipshape.controller.notify;

import dev.shipshape.controller.events.ServerEvents;
import dev.shipshape.controller.metrics.ControllerMetrics;
import dev.shipshape.controller.status.SafeMessage;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.OutsideText;
import dev.shipshape.reconcilers.records.NotificationRecordStore;
import dev.shipshape.reconcilers.records.NotificationRecordStore.Notifications;
import dev.shipshape.reconcilers.records.NotificationRecordStore.Sent;
import dev.shipshape.reconcilers.records.NotificationRecordStore.TargetResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Sends server events to {@code spec.notify}'s targets: each event once (its key is remembered in
 * {@code .shipshape/notifications.yaml}, so a restarted controller does not send it again), in the background with
 * bounded retries and backoff ({@link DeliveryPolicy}); a rollout never waits for it and never fails because of it.
 * A delivery still pending when the controller stopped is sent by the next start. Every attempt counts in
 * {@code shipshape_notifications_total{target,result}} (result: sent, retry, failed) and each target's last result
 * goes to the listeners (status).
 *
 * <p>Degraded and recovered are episodes: {@code degraded} is sent once per reason (its key) until a
 * {@code recovered}, and {@code recovered} only after a {@code degraded}, once.
 *
 * <p>Secrets: the summary and details are masked against the project's secret values (as health output is) before
 * anything is recorded or sent; target names and failure messages never hold a URL's path, a header or a password.
 */
@Singleton
public final class Notifier implements ServerEvents, AutoCloseable {
    static final String METRIC = "shipshape.notifications";
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** What a configured project delivers to; one per desired-file generation. */
    private record Config(Path projectDir, String generation, NotificationRecordStore store, List<Target> targets,
                          UnaryOperator<String> mask) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final DeliveryPolicy policy;
    private final Function<ProjectContext, List<Target>> targets;
    /** Records events one at a time, in the order they were published. */
    private final java.util.concurrent.ExecutorService recorder = Executors.newSingleThreadExecutor(r -> daemon(r, "shipshape-notify-record"));
    /** Only waits out the backoff; the attempts run on {@link #workers}. */
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "shipshape-notify-timer"));
    /**
     * A thread per attempt in flight, so a receiver that hangs until its timeout holds up no other target; bounded
     * by the targets times the events under way, each attempt by its target's timeout.
     */
    private final java.util.concurrent.ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "shipshape-notify"));
    private final Object lock = new Object();
    private final List<Consumer<List<TargetResult>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Config config;
    private volatile boolean closed;
    /** Guards {@link #inFlight} alone, so publishing never waits for a record being written under {@link #lock}. */
    private final Object drainLock = new Object();
    /** Events not yet recorded and deliveries not yet sent or given up; guarded by {@link #drainLock}. */
    private int inFlight;

    @Inject
    public Notifier(ControllerMetrics metrics, Clock clock) {
        this(metrics.registry(), clock, DeliveryPolicy.DEFAULT);
    }

    public Notifier(MeterRegistry registry, Clock clock, DeliveryPolicy policy) {
        this(registry, clock, policy, Targets::of);
    }

    /** {@code targets}: the targets of a project's spec.notify (tests hand in their own). */
    Notifier(MeterRegistry registry, Clock clock, DeliveryPolicy policy, Function<ProjectContext, List<Target>> targets) {
        this.registry = registry;
        this.clock = clock;
        this.policy = policy;
        this.targets = targets;
    }

    /** Told each target's last result whenever one changes (the controller's status). */
    public void onResults(Consumer<List<TargetResult>> listener) {
        listeners.add(listener);
    }

    @Override
    public void configure(ProjectContext project) {
        try {
            Config previous = config;
            String generation = project.desired().generation();
            if (previous != null && previous.generation().equals(generation) && previous.projectDir().equals(project.paths().projectDir())) {
                return;
            }
            if (project.desired().spec().notifications().isEmpty()) {
                config = null;
                return;
            }
            Config next = new Config(project.paths().projectDir(), generation, project.records().notifications(),
                    targets.apply(project), OutsideText.of(project.paths()));
            config = next;
            if (previous == null || !previous.projectDir().equals(next.projectDir())) {
                resume(next);
            }
        } catch (RuntimeException e) {
            // notifications never stop a pass
            LOG.warn("notifications are off for now: {}", SafeMessage.of(e));
        }
    }

    @Override
    public void publish(ServerEvent event) {
        Config c = config;
        if (c == null) {
            return;
        }
        // masking (which reads the secret files) and the record (an fsync) happen off the caller's thread: a pass
        // never waits for them
        started(1);
        try {
            recorder.execute(() -> {
                try {
                    record(c, event);
                } finally {
                    done();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            done();
        }
    }

    /** Deduplicates, records and schedules the deliveries of {@code event}; on the recorder thread. */
    private void record(Config c, ServerEvent event) {
        try {
            ServerEvent masked = mask(event, c.mask());
            List<Target> to = new ArrayList<>();
            ServerEvent recorded;
            synchronized (lock) {
                Notifications record = read(c);
                recorded = deduplicated(masked, record.events());
                if (recorded == null) {
                    return;
                }
                Map<String, String> deliveries = new LinkedHashMap<>();
                for (Target t : c.targets()) {
                    if (t.wants(recorded)) {
                        deliveries.put(t.name(), "pending");
                        to.add(t);
                    }
                }
                List<Sent> events = new ArrayList<>(record.events());
                events.add(new Sent(recorded, deliveries));
                write(c, new Notifications(events, record.targets()));
                started(to.size());
            }
            LOG.info("event {}: {}", recorded.kind().wireName(), recorded.summary());
            for (Target t : to) {
                schedule(c, t, recorded, 1, Duration.ZERO);
            }
        } catch (RuntimeException e) {
            LOG.warn("event {} not sent: {}", event.kind().wireName(), SafeMessage.of(e));
            LOG.debug("recording the event", e);
        }
    }

    /**
     * The event to record and send, or null when it was sent before: same key, a degraded of a reason whose episode
     * is still open, or a recovered with no open degraded episode. A degraded is recorded under its key and the time
     * its episode began; a recovered under the key of the degraded it ends.
     */
    static ServerEvent deduplicated(ServerEvent e, List<Sent> sent) {
        if (sent.stream().anyMatch(s -> s.event().key().equals(e.key()))) {
            return null;
        }
        int lastRecovered = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).event().kind() == EventKind.RECOVERED) {
                lastRecovered = i;
            }
        }
        List<Sent> open = sent.subList(lastRecovered + 1, sent.size()).stream()
                .filter(s -> s.event().kind() == EventKind.DEGRADED).toList();
        if (e.kind() == EventKind.DEGRADED) {
            if (open.stream().anyMatch(s -> s.event().key().startsWith(e.key() + "@"))) {
                return null;
            }
            return withKey(e, e.key() + "@" + e.at());
        }
        if (e.kind() == EventKind.RECOVERED) {
            if (open.isEmpty()) {
                return null;
            }
            return withKey(e, "recovered:" + open.get(open.size() - 1).event().key());
        }
        return e;
    }

    private static ServerEvent withKey(ServerEvent e, String key) {
        return new ServerEvent(key, e.kind(), e.project(), e.at(), e.from(), e.to(), e.service(), e.summary(), e.details());
    }

    static ServerEvent mask(ServerEvent e, UnaryOperator<String> mask) {
        Map<String, String> details = new LinkedHashMap<>();
        e.details().forEach((k, v) -> details.put(k, v == null ? null : mask.apply(v)));
        return new ServerEvent(e.key(), e.kind(), e.project(), e.at(), e.from(), e.to(), e.service(),
                mask.apply(e.summary()), details);
    }

    /** Sends what a previous controller left pending to the targets that still exist. */
    private void resume(Config c) {
        List<Map.Entry<Target, ServerEvent>> pending = new ArrayList<>();
        synchronized (lock) {
            for (Sent s : read(c).events()) {
                s.deliveries().forEach((name, state) -> {
                    if (state.equals("pending")) {
                        c.targets().stream().filter(t -> t.name().equals(name)).findFirst()
                                .ifPresent(t -> pending.add(Map.entry(t, s.event())));
                    }
                });
            }
            started(pending.size());
        }
        pending.forEach(p -> schedule(c, p.getKey(), p.getValue(), 1, Duration.ZERO));
    }

    private void schedule(Config c, Target t, ServerEvent e, int attempt, Duration delay) {
        try {
            if (delay.isZero()) {
                workers.execute(() -> attempt(c, t, e, attempt));
            } else {
                executor.schedule(() -> {
                    try {
                        workers.execute(() -> attempt(c, t, e, attempt));
                    } catch (java.util.concurrent.RejectedExecutionException closed) {
                        done();
                    }
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            done(); // shutting down: the record keeps it pending for the next start
        }
    }

    private void attempt(Config c, Target t, ServerEvent e, int attempt) {
        String error;
        try {
            t.deliver(e);
            // an interrupt that came late (a shutdown) must not keep the record from saying it was sent
            Thread.interrupted();
            count(t, "sent");
            finished(c, t, e, "sent", null);
            return;
        } catch (DeliveryException ex) {
            error = ex.getMessage();
        } catch (RuntimeException ex) {
            error = SafeMessage.of(ex);
        }
        if (closed) {
            // stopped under way (the controller is shutting down): no verdict; the record keeps the delivery
            // pending, and the next start sends it
            done();
            return;
        }
        if (policy.retriesAfter(attempt)) {
            Duration delay = policy.delayAfter(attempt);
            count(t, "retry");
            LOG.warn("notification {} to {} failed (attempt {} of {}), trying again in {} s: {}", e.kind().wireName(),
                    t.name(), attempt, policy.attempts(), delay.toSeconds(), error);
            retrying(c, t, error);
            schedule(c, t, e, attempt + 1, delay);
        } else {
            count(t, "failed");
            LOG.warn("notification {} to {} failed after {} attempt(s), given up: {}", e.kind().wireName(), t.name(),
                    attempt, error);
            finished(c, t, e, "failed", error);
        }
    }

    private void finished(Config c, Target t, ServerEvent e, String result, String error) {
        List<TargetResult> results;
        try {
            synchronized (lock) {
                Notifications record = read(c);
                List<Sent> events = new ArrayList<>();
                for (Sent s : record.events()) {
                    if (s.event().key().equals(e.key()) && s.deliveries().containsKey(t.name())) {
                        Map<String, String> d = new LinkedHashMap<>(s.deliveries());
                        d.put(t.name(), result);
                        events.add(new Sent(s.event(), d));
                    } else {
                        events.add(s);
                    }
                }
                List<TargetResult> targets = new ArrayList<>(record.targets().stream()
                        .filter(r -> !r.target().equals(t.name())).toList());
                targets.add(new TargetResult(t.name(), result, clock.instant(), error));
                write(c, new Notifications(events, targets));
                results = List.copyOf(targets);
            }
            listeners.forEach(l -> l.accept(results));
        } catch (RuntimeException ex) {
            LOG.warn("recording the notification to {}: {}", t.name(), SafeMessage.of(ex));
        } finally {
            done();
        }
    }

    /** A failed attempt that will be retried shows in status at once, as {@code retrying} with why. */
    private void retrying(Config c, Target t, String error) {
        List<TargetResult> results;
        try {
            synchronized (lock) {
                Notifications record = read(c);
                List<TargetResult> targets = new ArrayList<>(record.targets().stream()
                        .filter(r -> !r.target().equals(t.name())).toList());
                targets.add(new TargetResult(t.name(), "retrying", clock.instant(), error));
                write(c, new Notifications(record.events(), targets));
                results = List.copyOf(targets);
            }
            listeners.forEach(l -> l.accept(results));
        } catch (RuntimeException ex) {
            LOG.warn("recording the notification to {}: {}", t.name(), SafeMessage.of(ex));
        }
    }

    private void started(int n) {
        synchronized (drainLock) {
            inFlight += n;
        }
    }

    private void done() {
        synchronized (drainLock) {
            inFlight--;
            drainLock.notifyAll();
        }
    }

    /** Each target's last result, for the status of a project whose controller has not delivered yet. */
    public List<TargetResult> results(ProjectContext project) {
        try {
            return project.records().notifications().read().targets();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Waits up to {@code bound} for the deliveries under way (for {@code apply}, whose process ends after it);
     * what is still pending then is sent by the next {@code apply} or {@code run}. Returns whether all finished.
     */
    public boolean drain(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (drainLock) {
            while (inFlight > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                try {
                    drainLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void count(Target t, String result) {
        Counter.builder(METRIC).description("notification delivery attempts, by target and result (sent, retry, failed)")
                .tags("target", t.name(), "result", result).register(registry).increment();
    }

    private static Notifications read(Config c) {
        try {
            return c.store().read();
        } catch (RuntimeException e) {
            // a damaged record must not silence notifications: sending twice beats not sending
            LOG.warn("{}", SafeMessage.of(e));
            LOG.debug("reading the notification record", e);
            return Notifications.EMPTY;
        }
    }

    private static void write(Config c, Notifications n) {
        Objects.requireNonNull(n);
        c.store().write(n);
    }

    @Override
    public void close() {
        closed = true;
        recorder.shutdownNow();
        executor.shutdownNow();
        workers.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
