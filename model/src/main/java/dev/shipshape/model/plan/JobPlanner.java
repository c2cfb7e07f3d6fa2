package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.ObservedState;
import dev.shipshape.model.release.JobSpec;
import dev.shipshape.model.release.ReleaseManifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one-shot jobs of the target release that are due, and where they go in a plan. Pure, like
 * the {@link Planner}.
 * <ul>
 *   <li>{@code when: install} runs on the first install only (nothing installed yet), and once
 *       ever: a job of that name recorded as completed for any version is not run again.</li>
 *   <li>{@code when: upgrade} runs when the installed version is older than the target, unless
 *       {@code name@target} is recorded as completed.</li>
 * </ul>
 * Jobs are placed after the pull and the export (their images and files are then on the host) and
 * before the first service action, so before every service in {@code before}.
 */
public final class JobPlanner {
    private JobPlanner() {
    }

    /** The jobs of {@code desired.target()} due on this host, in manifest order; none until the release is rendered. */
    public static List<RunJob> due(DesiredState desired, ObservedState observed) {
        ReleaseManifest manifest = desired.manifest();
        if (manifest == null || desired.rendered() == null || manifest.jobs().isEmpty()) {
            return List.of();
        }
        Version target = desired.target();
        Version installed = observed.installedVersion().orElse(null);
        Map<String, ServiceSpec> services = desired.rendered().compose().services();
        check(manifest, services, target);
        List<RunJob> due = new ArrayList<>();
        for (JobSpec job : manifest.jobs()) {
            boolean wanted = switch (job.when()) {
                case INSTALL -> installed == null && !completedForAnyVersion(job.name(), observed.completedJobs());
                case UPGRADE -> installed != null && installed.isOlderThan(target)
                        && !observed.completedJobs().contains(ObservedState.jobKey(job.name(), target));
            };
            if (wanted) {
                due.add(new RunJob(job, services.get(job.service()), target));
            }
        }
        return due;
    }

    /**
     * Adds the due jobs to {@code actions} (a plan's actions without them, ending with the
     * record, if any): after the leading download, pull and export, before everything else.
     */
    public static void addDue(List<Action> actions, DesiredState desired, ObservedState observed) {
        List<RunJob> due = due(desired, observed);
        if (due.isEmpty()) {
            return;
        }
        int at = 0;
        while (at < actions.size() && (actions.get(at) instanceof DownloadRelease || actions.get(at) instanceof PullImages
                || actions.get(at) instanceof ExportRelease)) {
            at++;
        }
        actions.addAll(at, due);
    }

    private static boolean completedForAnyVersion(String name, Set<String> completed) {
        String prefix = name + "@";
        return completed.stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** A job the release cannot run is refused before anything changes, naming the job. */
    private static void check(ReleaseManifest manifest, Map<String, ServiceSpec> services, Version target) {
        Set<String> names = new HashSet<>();
        for (JobSpec job : manifest.jobs()) {
            String where = "job " + job.name() + " of release " + target;
            if (job.name().isBlank() || !job.name().matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
                throw new PlanRefusedException("release " + target + " declares a job named '" + job.name()
                        + "'; a job name may hold letters, digits, '_', '.' and '-' only. The release package is faulty.");
            }
            if (!names.add(job.name())) {
                throw new PlanRefusedException(where + " is declared twice; the release package is faulty.");
            }
            if (!services.containsKey(job.service())) {
                throw new PlanRefusedException(where + " runs with service " + job.service()
                        + ", which the release's compose file does not have; the release package is faulty.");
            }
            for (String b : job.before()) {
                if (!services.containsKey(b)) {
                    throw new PlanRefusedException(where + " must run before service " + b
                            + ", which the release's compose file does not have; the release package is faulty.");
                }
            }
        }
    }
}
