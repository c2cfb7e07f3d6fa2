package dev.shipshape.controller.doctor;

/** One preflight check. Reads, never changes (except a temp file it deletes again). */
interface Check {
    String name();

    CheckResult run(DoctorContext context) throws Exception;

    /** What to do when the check gets no answer in time. */
    default String timeoutFix() {
        return null;
    }
}
