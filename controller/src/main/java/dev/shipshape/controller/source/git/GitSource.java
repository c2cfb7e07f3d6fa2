package dev.shipshape.controller.source.git;

import dev.shipshape.controller.metrics.GitMetrics;
import dev.shipshape.controller.source.DesiredRead;
import dev.shipshape.controller.source.DesiredSource;
import dev.shipshape.controller.status.AppliedCommit;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.config.ConfigHash;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.reconcilers.export.OutsideText;
import dev.shipshape.reconcilers.files.ProjectPaths;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code shipshape run --git URL --branch B --path P}: the desired file as committed at the head of a
 * branch. A background thread fetches every {@code --git-poll} (and on request); the control loop
 * reads the fetched head locally. A head whose desired file is missing or invalid is not applied:
 * the newest good commit keeps being reconciled and the problem is reported as {@code InvalidCommit}.
 */
public final class GitSource implements DesiredSource {
    private static final Logger LOG = LoggerFactory.getLogger(GitSource.class);
    static final String INVALID_COMMIT = "InvalidCommit";

    private final GitSettings settings;
    private final LocalClone clone;
    private final GitTransport transport;
    private final GitMetrics metrics;
    private final LastGoodCommit lastGoodStore;
    private final Path resolvedAs;
    private final ScheduledExecutorService fetcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shipshape-git-fetch");
        t.setDaemon(true);
        return t;
    });
    private volatile Runnable onChange = () -> { };
    private final java.util.concurrent.atomic.AtomicBoolean refreshQueued = new java.util.concurrent.atomic.AtomicBoolean();

    /** Guarded by this. */
    private Good lastGood;
    private ObjectId cachedHead;
    private DesiredRead cached;

    /** A commit whose desired file is valid. */
    private record Good(DesiredFile desired, AppliedCommit commit) {
    }

    /** A commit's desired file, parsed: exactly one of the two is set. */
    private record Parsed(DesiredFile desired, String error) {
    }

    GitSource(GitSettings settings, LocalClone clone, GitTransport transport, GitMetrics metrics) {
        this.settings = settings;
        this.clone = clone;
        this.transport = transport;
        this.metrics = metrics;
        this.lastGoodStore = new LastGoodCommit(settings.stateDir());
        // Relative paths in the desired file resolve against the base folder, never inside the clone.
        this.resolvedAs = settings.baseDir().resolve(Path.of(settings.path()).getFileName().toString());
    }

    /** Reads the credentials file and opens (or creates) the clone; no network yet. */
    public static GitSource open(GitSettings settings, GitMetrics metrics) {
        GitCredentials credentials = settings.credentialsFile() == null ? null : GitCredentials.read(settings.credentialsFile());
        GitTransport transport = new GitTransport(credentials, settings.stateDir());
        return new GitSource(settings, LocalClone.open(settings, transport), transport, metrics);
    }

    /**
     * Fetches now, on the caller's thread. Throws {@link GitFetchException} when it fails; the caller
     * decides whether an earlier fetch ({@link #hasFetched()}) is good enough.
     */
    public void fetch() {
        try {
            clone.fetch();
            metrics.fetch(true);
        } catch (RuntimeException e) {
            metrics.fetch(false);
            throw e;
        }
    }

    /** Whether the clone holds a fetched head of the branch, from now or from an earlier run. */
    public boolean hasFetched() {
        return clone.head().isPresent();
    }

    @Override
    public synchronized DesiredRead read() {
        Optional<ObjectId> head = clone.head();
        if (head.isEmpty()) {
            return DesiredRead.refused(new DesiredRead.Problem("BranchNotFetched", null, "branch " + settings.branch()
                    + " of " + settings.url() + " has not been fetched yet; check the URL, the branch and the credentials"));
        }
        if (!head.get().equals(cachedHead)) {
            cached = readHead(head.get());
            cachedHead = head.get();
        }
        return cached;
    }

    private DesiredRead readHead(ObjectId head) {
        CommitFile file;
        try {
            file = clone.read(head);
        } catch (RuntimeException e) {
            return withLastGood(new DesiredRead.Problem("CloneUnreadable", null, e.getMessage()
                    + "; the next fetch clones again if the clone is damaged"));
        }
        Parsed parsed = parse(file);
        file = withCleanSubject(file, parsed.desired() != null ? parsed.desired() : lastGood != null ? lastGood.desired() : null);
        if (parsed.desired() != null) {
            DesiredFile desired = parsed.desired();
            boolean isNew = lastGood == null || !lastGood.commit().id().equals(file.commit().id());
            lastGood = new Good(desired, file.commit());
            if (isNew) {
                LOG.info("following commit {} ({}, \"{}\") of branch {}", file.commit().shortId(), file.commit().time(),
                        file.commit().subject(), settings.branch());
                lastGoodStore.write(head);
            }
            return DesiredRead.valid(desired, file.commit());
        }
        Good good = lastGood != null ? lastGood : persistedLastGood();
        String message = "commit " + file.commit().shortId() + " (\"" + file.commit().subject() + "\") is not applied: "
                + parsed.error() + "; " + (good == null ? "no earlier commit was applied, so nothing changes"
                : "commit " + good.commit().shortId() + " stays applied") + " until a commit fixes " + settings.path();
        LOG.warn("{}", message);
        String generation = file.text() == null ? null : ConfigHash.sha256(file.text());
        lastGood = good;
        return withLastGood(new DesiredRead.Problem(INVALID_COMMIT, generation, message));
    }

    private DesiredRead withLastGood(DesiredRead.Problem problem) {
        return lastGood == null ? DesiredRead.refused(problem) : new DesiredRead(lastGood.desired(), lastGood.commit(), problem);
    }

    /** The desired file of the commit, or the reason it cannot be used. */
    private Parsed parse(CommitFile file) {
        if (file.problem() != null) {
            return new Parsed(null, file.problem());
        }
        try {
            return new Parsed(DesiredFile.parse(resolvedAs, file.text(), settings.allowPathsOutside()), null);
        } catch (InvalidInputException e) {
            // Name the file as it is in the repository, not as the path it is resolved as.
            return new Parsed(null, e.getMessage().replace(resolvedAs.toString(), settings.path()));
        }
    }

    /** After a restart with an invalid head: the commit recorded as good by the previous run. */
    private Good persistedLastGood() {
        Optional<ObjectId> id = lastGoodStore.read();
        if (id.isEmpty() || !clone.hasCommit(id.get())) {
            return null;
        }
        CommitFile file = clone.read(id.get());
        DesiredFile desired = parse(file).desired();
        return desired == null ? null : new Good(desired, withCleanSubject(file, desired).commit());
    }

    /**
     * The commit with its subject fit to show: whoever may push chooses it, and it goes into logs, status.json,
     * /status and notifications. {@link LocalClone} already dropped its control characters; here the secrets of the
     * project {@code desired} names (null: none known yet) are masked too.
     */
    private static CommitFile withCleanSubject(CommitFile file, DesiredFile desired) {
        if (desired == null) {
            return file;
        }
        AppliedCommit c = file.commit();
        String subject = OutsideText.of(new ProjectPaths(desired.projectDir())).apply(c.subject());
        return new CommitFile(new AppliedCommit(c.id(), c.time(), subject, c.branch(), c.path()), file.text(), file.problem());
    }

    @Override
    public String generation() {
        DesiredRead r = read();
        if (r.problem() != null) {
            return r.problem().generation();
        }
        return r.desired().generation();
    }

    @Override
    public void start(Runnable onChange) {
        this.onChange = onChange;
        long every = settings.poll().toMillis();
        fetcher.scheduleWithFixedDelay(() -> fetchAndNotify(false), every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void refresh() {
        // Coalesced: at most one requested fetch waits behind the running one, however many requests arrive
        // (POST /trigger may be called in a loop); cleared when it starts, so a request during a fetch still counts.
        if (refreshQueued.compareAndSet(false, true)) {
            fetcher.execute(() -> {
                refreshQueued.set(false);
                fetchAndNotify(true);
            });
        }
    }

    /** Completes once everything queued on the fetch thread before it has run; for tests. */
    java.util.concurrent.Future<?> drained() {
        return fetcher.submit(() -> { });
    }

    private void fetchAndNotify(boolean always) {
        Optional<ObjectId> before = clone.head();
        try {
            fetch();
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
        Optional<ObjectId> after = clone.head();
        boolean moved = !after.equals(before);
        if (moved) {
            LOG.info("branch {} moved to {}", settings.branch(), after.map(ObjectId::name).orElse("nothing"));
        }
        if (moved || always) {
            onChange.run();
        }
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
        try {
            fetcher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        clone.close();
        transport.close();
    }
}
