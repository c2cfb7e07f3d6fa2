package dev.shipshape.controller.cli;

import dev.shipshape.model.Version;
import dev.shipshape.model.plan.Plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plan of one hop of an upgrade path does not say by itself: the final target, and the notices of
 * every release on the path (a notice of the last release is often the one that matters, and the plan
 * reaches only the next hop).
 *
 * @param finalVersion the version the path ends at (spec.version; the plan's target when there is no path)
 * @param notices      the notices of each release on the path whose package is known, the plan's target first
 * @param unknown      releases on the path whose package is not in the store (plan --no-fetch), in path order
 */
record PathNotices(Version finalVersion, Map<Version, List<String>> notices, List<Version> unknown) {
    PathNotices {
        notices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notices));
        unknown = List.copyOf(unknown);
    }

    /** Only what the plan itself knows: its target's notices; the path's last release as the final target. */
    static PathNotices of(Plan plan) {
        Version last = plan.path().isEmpty() ? plan.target() : plan.path().get(plan.path().size() - 1);
        Map<Version, List<String>> notices = new LinkedHashMap<>();
        notices.put(plan.target(), plan.notices());
        return new PathNotices(last, notices, List.of());
    }

    /** The notices of the releases after the plan's target. */
    Map<Version, List<String>> later(Plan plan) {
        Map<Version, List<String>> later = new LinkedHashMap<>(notices);
        later.remove(plan.target());
        return later;
    }
}
