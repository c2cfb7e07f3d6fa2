package dev.shipshape.controller.doctor;

import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What apply runs before it changes anything: the doctor's checks; a FAIL refuses, a WARN is shown and passes.
 * The ports and the registries of a release can only be checked once its package is in the store: when it is
 * not, the other checks run first, then the package is fetched into the store (a cache: nothing that runs
 * changes) and those two are checked, so apply prints what they find rather than that they were put off.
 */
public final class Preflight {
    /** The checks that need the release's package. */
    static final Set<String> NEED_PACKAGE = Set.of(PortsCheck.NAME, RegistryCheck.NAME);

    private Preflight() {
    }

    /**
     * Runs the checks, prints every check that is not OK to {@code out}, and throws when one failed.
     *
     * @param fetchTarget puts the package of the desired version into the store; called only when it is not
     *                    there and every other check passed
     * @throws PreflightFailedException naming the first failed check
     */
    public static List<CheckResult> require(Doctor doctor, ProjectContext project, PrintWriter out, Runnable fetchTarget) {
        boolean stored = new PackageStore(project.paths()).dir(project.desired().spec().version()).isPresent();
        List<CheckResult> results = doctor.run(project);
        if (stored) {
            return report(results, out);
        }
        List<CheckResult> first = new ArrayList<>(results.stream().filter(r -> !NEED_PACKAGE.contains(r.name())).toList());
        report(first, out);
        fetchTarget.run();
        List<CheckResult> after = doctor.run(project).stream().filter(r -> NEED_PACKAGE.contains(r.name())).toList();
        report(after, out);
        first.addAll(after);
        return first;
    }

    private static List<CheckResult> report(List<CheckResult> results, PrintWriter out) {
        results.stream().filter(r -> r.status() != Status.OK).forEach(r -> out.println("preflight: " + DoctorReport.line(r)));
        out.flush();
        Doctor.firstFailure(results).ifPresent(f -> {
            throw new PreflightFailedException(f);
        });
        return results;
    }
}
