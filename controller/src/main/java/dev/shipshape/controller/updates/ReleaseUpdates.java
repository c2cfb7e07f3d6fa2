package dev.shipshape.controller.updates;

import dev.shipshape.controller.events.OnceEvents;
import dev.shipshape.controller.status.UpdatesStatus;
import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.Version;
import dev.shipshape.model.desired.DesiredFile;
import dev.shipshape.model.desired.Updates;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.model.observed.InstalledRecord;
import dev.shipshape.model.release.ReleaseIndex;
import dev.shipshape.model.rollout.Approval;
import dev.shipshape.model.rollout.UpdateChoice;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.download.ReleaseIndexReader;
import dev.shipshape.reconcilers.records.ProjectRecords;
import dev.shipshape.reconcilers.records.ReleaseIndexCache;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spec.updates} at work: reads the vendor's index ({@code spec.source.index}) at most every
 * {@code updates.check} (cached in {@code .shipshape/release-index.yaml}, also across restarts), lets the pure
 * {@link UpdateChoice} pick the effective target, and hands back the desired file aimed at it — the rest of the
 * pass (version choice, upgrade path, window, health gate, rollback) treats it as if spec.version said so.
 * A newer release that waits (notify, approve) is published once. An index that cannot be read is reported
 * and the last good one (or spec.version) is used: discovery never stops healing.
 */
@Singleton
public final class ReleaseUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseUpdates.class);

    /** Why {@code auto} is refused under {@code run --git}. */
    public static final String AUTO_UNDER_GIT = "spec.updates.mode: auto is refused under run --git: the commit is the pin"
            + " (what runs is what the branch says); use mode: notify or approve, and commit the version you want";

    private final Clock clock;
    private final OnceEvents events;
    private final ReleaseIndexReader reader;
    private volatile Effective last;

    /**
     * The desired file aimed at its effective target, and why.
     *
     * @param status for status, or null when the desired file has no spec.updates
     */
    public record Effective(DesiredFile file, UpdateChoice.Result choice, UpdatesStatus status) {
        /** What started a rollout to this target, for the history. */
        public String trigger() {
            return switch (choice.why()) {
                case POLICY -> "update policy (mode auto)";
                case APPROVAL -> "approval (shipshape approve)";
                case SPEC_VERSION -> "desired file (spec.version)";
            };
        }
    }

    @Inject
    public ReleaseUpdates(Clock clock, OnceEvents events) {
        this(clock, events, new ReleaseIndexReader());
    }

    public ReleaseUpdates(Clock clock, OnceEvents events, ReleaseIndexReader reader) {
        this.clock = clock;
        this.events = events;
        this.reader = reader;
    }

    /** The last effective target worked out, or null. */
    public Effective last() {
        return last;
    }

    /**
     * The desired file aimed at its effective target.
     *
     * @param underGit whether the desired file comes from a Git branch ({@code run --git}): auto is refused there
     * @throws ShipshapeException {@link #AUTO_UNDER_GIT}
     */
    public Effective effective(DesiredFile file, boolean underGit) {
        Updates updates = file.spec().updates();
        if (updates == null) {
            last = new Effective(file, UpdateChoice.Result.specVersion(file.spec().version()), null);
            return last;
        }
        if (underGit && updates.mode() == Updates.Mode.AUTO) {
            throw new ShipshapeException(AUTO_UNDER_GIT);
        }
        ProjectRecords records = ProjectContext.of(file).records();
        Instant now = clock.instant();
        Index index = index(file, records.releaseIndex(), updates, now);
        if (index.index() == null) {
            UpdateChoice.Result spec = UpdateChoice.Result.specVersion(file.spec().version());
            last = new Effective(file, spec, status(updates, spec, index));
            return last;
        }
        InstalledRecord installed = records.installed().read();
        Version approved = records.approval().read().filter(a -> a.generation().equals(file.generation()))
                .map(Approval::version).orElse(null);
        UpdateChoice.Result choice = UpdateChoice.choose(file.spec().version(), updates, index.index(),
                installed == null ? null : installed.version(), approved);
        publish(file, updates, index.index(), choice, now);
        last = new Effective(file.retargeted(choice.target()), choice, status(updates, choice, index));
        return last;
    }

    private static UpdatesStatus status(Updates updates, UpdateChoice.Result choice, Index index) {
        return new UpdatesStatus(updates.policy().wireName(), updates.mode().wireName(), choice.target(), choice.why().words(),
                choice.available(), choice.pending(), choice.reason(), index.checkedAt(), index.error());
    }

    private void publish(DesiredFile file, Updates updates, ReleaseIndex index, UpdateChoice.Result choice, Instant now) {
        if (choice.pending() == null) {
            return;
        }
        Version v = choice.pending();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("policy", updates.policy().wireName());
        details.put("mode", updates.mode().wireName());
        index.release(v).ifPresent(r -> {
            if (r.notes() != null) {
                details.put("notes", r.notes());
            }
            if (r.publishedAt() != null) {
                details.put("publishedAt", r.publishedAt().toString());
            }
        });
        String current = file.spec().version().toString();
        events.publish(new ServerEvent("update-available:" + v, EventKind.UPDATE_AVAILABLE, file.project(), now, current,
                v.toString(), null, "release " + v + " of " + file.project() + " is available (policy "
                + updates.policy().wireName() + ", mode " + updates.mode().wireName() + ")", details));
        if (updates.mode() == Updates.Mode.APPROVE) {
            events.publish(approvalNeeded(file, v, "update " + current + " -> " + v + " (" + choice.reason() + ")", now));
        }
    }

    /** The approval-needed event of {@code version} for this desired file: one per target and generation. */
    public static ServerEvent approvalNeeded(DesiredFile file, Version version, String plan, Instant now) {
        return new ServerEvent("approval-needed:" + version + ":" + file.generation(), EventKind.APPROVAL_NEEDED,
                file.project(), now, null, version.toString(), null, "release " + version + " of " + file.project()
                + " waits for approval: shipshape approve -f " + file.path().getFileName() + " --version " + version,
                Map.of("plan", plan, "generation", file.generation()));
    }

    /** The index as cached or read now, with when it was checked and the last error. */
    private record Index(ReleaseIndex index, Instant checkedAt, String error) {
    }

    private Index index(DesiredFile file, ReleaseIndexCache cache, Updates updates, Instant now) {
        String location = fingerprint(file.spec().source().index());
        Optional<ReleaseIndexCache.Entry> cached;
        try {
            cached = cache.read().filter(e -> location.equals(e.location()));
        } catch (InvalidInputException e) {
            cached = Optional.empty(); // a damaged cache is read again from the vendor
        }
        String where = "spec.source.index";
        boolean due = cached.isEmpty() || !cached.get().checkedAt().plus(updates.check()).isAfter(now);
        if (!due) {
            return parsed(where, cached.get().text(), cached.get().checkedAt(), cached.get().error());
        }
        String good = cached.map(ReleaseIndexCache.Entry::text).orElse(null);
        try {
            String text = reader.read(file.spec().source().indexUri(), file.baseDir());
            ReleaseIndex fresh = ReleaseIndex.parse(where, text); // only a valid index replaces the last good one
            cache.write(new ReleaseIndexCache.Entry(location, now, text, null));
            return new Index(fresh, now, null);
        } catch (RuntimeException e) {
            String error = e.getMessage() + (good == null ? "" : "; the index read at an earlier check is used meanwhile");
            LOG.warn("release index: {}", error);
            cache.write(new ReleaseIndexCache.Entry(location, now, good, error));
            return parsed(where, good, now, error);
        }
    }

    private static Index parsed(String where, String text, Instant checkedAt, String error) {
        if (text == null) {
            return new Index(null, checkedAt, error);
        }
        try {
            return new Index(ReleaseIndex.parse(where, text), checkedAt, error);
        } catch (RuntimeException e) {
            return new Index(null, checkedAt, e.getMessage());
        }
    }

    /** The cache names its index by a hash: the location may carry credentials, the record file is world-readable. */
    private static String fingerprint(String location) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(location.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
