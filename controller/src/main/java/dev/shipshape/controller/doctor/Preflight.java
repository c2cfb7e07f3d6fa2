package dev.shipshape.controller.doctor;

import dev.shipshape.reconcilers.ProjectContext;

import java.io.PrintWriter;
import java.util.List;

/** What apply runs before it changes anything: the doctor's checks; a FAIL refuses, a WARN is shown and passes. */
public final class Preflight {
    private Preflight() {
    }

    /**
     * Runs the checks, prints every check that is not OK to {@code out}, and throws when one failed.
     *
     * @throws PreflightFailedException naming the first failed check
     */
    public static List<CheckResult> require(Doctor doctor, ProjectContext project, PrintWriter out) {
        List<CheckResult> results = doctor.run(project);
        results.stream().filter(r -> r.status() != Status.OK).forEach(r -> out.println("preflight: " + DoctorReport.line(r)));
        out.flush();
        Doctor.firstFailure(results).ifPresent(f -> {
            throw new PreflightFailedException(f);
        });
        return results;
    }
}
