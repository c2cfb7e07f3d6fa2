package dev.shipshape.controller.doctor;

import java.util.Objects;

/**
 * The outcome of one preflight check.
 *
 * @param name   the check's name, e.g. {@code ports}
 * @param detail what was found, with the numbers and paths that matter
 * @param fix    what to do about it; null when there is nothing to do
 */
public record CheckResult(String name, Status status, String detail, String fix) {
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    public static CheckResult ok(String name, String detail) {
        return new CheckResult(name, Status.OK, detail, null);
    }

    public static CheckResult warn(String name, String detail, String fix) {
        return new CheckResult(name, Status.WARN, detail, fix);
    }

    public static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(name, Status.FAIL, detail, fix);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }
}
