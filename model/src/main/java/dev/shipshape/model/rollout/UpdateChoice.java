package dev.shipshape.model.rollout;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Updates;
import dev.shipshape.model.release.ReleaseIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which release {@code spec.updates} aims at, pure, next to {@link VersionChoice} (which then walks upgrade paths
 * and rollbacks from it): spec.version is the floor; the newest release of the index the policy allows above it
 * (never a pre-release) is <em>available</em>; whether it becomes the target depends on the mode — auto takes it,
 * approve takes it once an approval names it, notify only shows it.
 */
public final class UpdateChoice {
    private UpdateChoice() {
    }

    /** Where an effective target came from, for plan, status and the history. */
    public enum Why {
        /** spec.version as written (no updates, or nothing newer allowed, or not taken yet). */
        SPEC_VERSION("spec.version"),
        /** the policy's newest release, taken on its own (mode auto). */
        POLICY("update policy"),
        /** the policy's newest release, approved with shipshape approve (mode approve). */
        APPROVAL("approval");

        private final String words;

        Why(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * @param target    the version to reach: spec.version or the release the policy took
     * @param why       where target came from
     * @param available the newest release the policy allows (above the floor), or null: none
     * @param pending   a release that waits (mode notify: for a person to edit spec.version; approve: for
     *                  {@code shipshape approve}), or null
     * @param path      the releases of the index from the installed version to target along their upgradeFrom
     *                  (for people; the version choice downloads and follows them hop by hop), empty when direct
     * @param reason    one sentence for plan and status
     */
    public record Result(Version target, Why why, Version available, Version pending, List<Version> path, String reason) {
        public Result {
            path = List.copyOf(path);
        }

        public static Result specVersion(Version floor) {
            return new Result(floor, Why.SPEC_VERSION, null, null, List.of(), "spec.version " + floor);
        }
    }

    /**
     * @param floor     spec.version
     * @param updates   spec.updates
     * @param index     the vendor's index
     * @param installed the installed version, or null
     * @param approved  the version an approval valid for this desired file names, or null
     */
    public static Result choose(Version floor, Updates updates, ReleaseIndex index, Version installed, Version approved) {
        Optional<Version> newest = index.releases().stream().map(ReleaseIndex.Release::version)
                .filter(v -> updates.policy().allows(floor, v)).max(Version::compareTo);
        if (newest.isEmpty()) {
            return new Result(floor, Why.SPEC_VERSION, null, null, List.of(), "spec.version " + floor
                    + " (no newer release within policy " + updates.policy().wireName() + ")");
        }
        Version best = newest.get();
        String within = "newest release within policy " + updates.policy().wireName() + " above spec.version " + floor;
        return switch (updates.mode()) {
            case AUTO -> new Result(best, Why.POLICY, best, null, path(index, installed, best),
                    best + ": the " + within + " (mode auto)");
            case NOTIFY -> notify(floor, updates, index, installed, best, within);
            case APPROVE -> approve(floor, updates, index, installed, approved, best, within);
        };
    }

    private static Result notify(Version floor, Updates updates, ReleaseIndex index, Version installed, Version best,
                                 String within) {
        // a release taken before (by auto or an approval) stays: notify never goes back below what is installed
        Version base = installedWithin(floor, updates, index, installed) ? installed : floor;
        if (!base.isOlderThan(best)) {
            return new Result(base, Why.SPEC_VERSION, best, null, List.of(), base + ": the " + within);
        }
        return new Result(base, Why.SPEC_VERSION, best, best, List.of(), (base == floor ? "spec.version " : "installed ")
                + base + "; " + best + " is available (" + within + "; mode notify: set spec.version to take it)");
    }

    private static boolean installedWithin(Version floor, Updates updates, ReleaseIndex index, Version installed) {
        return installed != null && updates.policy().allows(floor, installed) && index.release(installed).isPresent();
    }

    private static Result approve(Version floor, Updates updates, ReleaseIndex index, Version installed, Version approved,
                                  Version best, String within) {
        // What was approved before stays the target until something newer is approved: never back to the floor.
        Version base = floor;
        Why why = Why.SPEC_VERSION;
        if (approved != null && (approved.sameAs(floor) || updates.policy().allows(floor, approved))
                && index.release(approved).isPresent()) {
            base = approved;
            why = approved.sameAs(floor) ? Why.SPEC_VERSION : Why.APPROVAL;
        } else if (installedWithin(floor, updates, index, installed)) {
            base = installed;
            why = Why.APPROVAL;
        }
        if (!base.isOlderThan(best)) {
            return new Result(base, why, best, null, path(index, installed, base), base + ": approved, the " + within);
        }
        return new Result(base, why, best, best, path(index, installed, base), (why == Why.SPEC_VERSION ? "spec.version " : "approved ")
                + base + "; " + best + " waits for approval (" + within + "): shipshape approve --version " + best);
    }

    /** The index's releases from {@code installed} to {@code target} along their upgradeFrom; empty when direct. */
    static List<Version> path(ReleaseIndex index, Version installed, Version target) {
        if (installed == null || !installed.isOlderThan(target)) {
            return List.of();
        }
        List<Version> chain = new ArrayList<>();
        Version hop = target;
        for (int i = 0; i < VersionChoice.MAX_HOPS; i++) {
            Optional<ReleaseIndex.Release> r = index.release(hop);
            Version from = r.map(ReleaseIndex.Release::upgradeFrom).orElse(null);
            if (from == null || !installed.isOlderThan(from)) {
                break;
            }
            // the newest listed release the installed version... may reach: the newest at or below upgradeFrom
            Version next = index.releases().stream().map(ReleaseIndex.Release::version)
                    .filter(v -> !from.isOlderThan(v) && v.preRelease().isEmpty() && installed.isOlderThan(v))
                    .max(Version::compareTo).orElse(null);
            if (next == null || !next.isOlderThan(hop)) {
                break;
            }
            chain.add(0, hop);
            hop = next;
        }
        if (chain.isEmpty()) {
            return List.of();
        }
        chain.add(0, hop);
        return chain;
    }
}
