package dev.shipshape.controller.release;

import dev.shipshape.model.compose.ServiceSpec;
import dev.shipshape.model.release.JobSpec;
import dev.shipshape.model.release.ReleaseManifest;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The jobs of a manifest against the services its compose file renders: the rules the planner
 * applies on a server (JobPlanner), where they would refuse the release only at upgrade time.
 * Here every broken job is reported at once.
 */
final class JobCheck {
    private static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9_.-]*";

    private JobCheck() {
    }

    static void check(ReleaseManifest manifest, Map<String, ServiceSpec> services, String manifestFile, Problems problems) {
        Set<String> names = new HashSet<>();
        for (JobSpec job : manifest.jobs()) {
            String where = "job '" + job.name() + "'";
            if (!job.name().matches(NAME)) {
                problems.add(manifestFile, where + ": a job name may hold letters, digits, '_', '.' and '-' only; rename it");
            }
            if (!names.add(job.name())) {
                problems.add(manifestFile, where + " is declared twice; give each job its own name");
            }
            if (!services.containsKey(job.service())) {
                problems.add(manifestFile, where + " runs with service '" + job.service() + "', which the rendered"
                        + " compose.yaml does not have (it has " + new java.util.TreeSet<>(services.keySet())
                        + "); name one of those");
            }
            for (String b : job.before()) {
                if (!services.containsKey(b)) {
                    problems.add(manifestFile, where + " must run before service '" + b + "', which the rendered"
                            + " compose.yaml does not have; name one of " + new java.util.TreeSet<>(services.keySet()));
                }
            }
        }
    }
}
