package dev.shipshape.controller.doctor;

import dev.shipshape.model.ShipshapeException;

/** apply refused to start because a preflight check failed; nothing was changed. */
public final class PreflightFailedException extends ShipshapeException {
    private final CheckResult failed;

    public PreflightFailedException(CheckResult failed) {
        super(DoctorReport.refusal(failed) + ". Nothing was changed (shipshape doctor shows every check;"
                + " apply --skip-preflight skips them in an emergency)");
        this.failed = failed;
    }

    public CheckResult failed() {
        return failed;
    }
}
