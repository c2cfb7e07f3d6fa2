package dev.shipshape.controller.events;

import dev.shipshape.model.Version;
import dev.shipshape.model.events.EventKind;
import dev.shipshape.model.events.ServerEvent;
import dev.shipshape.model.plan.Action;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.Plan;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.RecordInstalled;
import dev.shipshape.model.rollout.Decision;
import dev.shipshape.model.rollout.FailedRollout;
import dev.shipshape.model.rollout.PassOutcome;
import dev.shipshape.model.desired.DesiredFile;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The events of a rollout, as the passes and the rollout policy decide them (pure): upgrade started, upgrade
 * succeeded, rolled back, rollout failed. Their keys hold the versions and the desired file's generation, so the
 * same rollout of the same file is one event however many passes (and controller restarts) see it.
 */
public final class RolloutEvents {
    private RolloutEvents() {
    }

    /**
     * The plan about to be carried out moves an installed server to another version: more than preparing it (a
     * download or a pull, which a closed maintenance window still allows). A first install is no upgrade.
     */
    public static Optional<ServerEvent> started(DesiredFile desired, Plan plan, Instant now) {
        Version installed = plan.installed();
        if (installed == null || plan.target() == null || installed.sameAs(plan.target()) || plan.rollback() != null) {
            return Optional.empty();
        }
        boolean moves = plan.actions().stream().anyMatch(a -> !(a instanceof DownloadRelease) && !(a instanceof PullImages));
        if (!moves) {
            return Optional.empty();
        }
        String verb = installed.compareTo(plan.target()) < 0 ? "upgrading" : "downgrading";
        Map<String, String> details = new LinkedHashMap<>();
        if (!plan.path().isEmpty()) {
            details.put("then", String.join(" -> ", plan.path().stream().map(Version::toString).toList()));
        }
        return Optional.of(new ServerEvent(key(EventKind.UPGRADE_STARTED, installed + "->" + plan.target(), desired),
                EventKind.UPGRADE_STARTED, desired.project(), now, installed.toString(), plan.target().toString(), null,
                verb + " " + desired.project() + " from " + installed + " to " + plan.target(), details));
    }

    /** What follows a pass that the policy decided on: succeeded, rolled back or failed, or nothing. */
    public static Optional<ServerEvent> after(DesiredFile desired, PassOutcome outcome, Decision decision, Instant now) {
        if (decision instanceof Decision.RollBack r) {
            FailedRollout f = r.record();
            return Optional.of(new ServerEvent(key(EventKind.ROLLED_BACK, f.restoredVersion() + "->" + f.failedVersion(), desired),
                    EventKind.ROLLED_BACK, desired.project(), now, f.restoredVersion().toString(), f.failedVersion().toString(),
                    f.service(), "the upgrade of " + desired.project() + " to " + f.failedVersion() + " failed"
                    + (f.service() == null ? "" : " at service " + f.service()) + "; rolling back to " + f.restoredVersion()
                    + ". " + f.failedVersion() + " is not tried again until the desired file changes.",
                    Map.of("reason", f.reason())));
        }
        if (decision instanceof Decision.Hold h) {
            FailedRollout f = h.record();
            String why = f.restoredVersion() == null ? "there is no previous version to go back to"
                    : "spec.rollout.autoRollback is false";
            return Optional.of(new ServerEvent(key(EventKind.ROLLOUT_FAILED, String.valueOf(f.failedVersion()), desired),
                    EventKind.ROLLOUT_FAILED, desired.project(), now,
                    f.restoredVersion() == null ? null : f.restoredVersion().toString(), f.failedVersion().toString(),
                    f.service(), "the rollout of " + desired.project() + " " + f.failedVersion() + " failed"
                    + (f.service() == null ? "" : " at service " + f.service()) + "; " + why
                    + ", so it is left as it is for inspection", Map.of("reason", f.reason())));
        }
        if (!(outcome instanceof PassOutcome.Acted) || outcome.plan().rollback() != null) {
            return Optional.empty();
        }
        for (Action a : outcome.done()) {
            if (a instanceof RecordInstalled r && r.previous() != null && !r.previous().sameAs(r.version())) {
                return Optional.of(new ServerEvent(key(EventKind.UPGRADE_SUCCEEDED, r.previous() + "->" + r.version(), desired),
                        EventKind.UPGRADE_SUCCEEDED, desired.project(), now, r.previous().toString(), r.version().toString(),
                        null, desired.project() + " runs " + r.version() + " (was " + r.previous() + "); every service is healthy",
                        Map.of()));
            }
        }
        return Optional.empty();
    }

    private static String key(EventKind kind, String what, DesiredFile desired) {
        return kind.wireName() + ":" + what + ":" + desired.generation();
    }
}
