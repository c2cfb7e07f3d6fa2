package dev.shipshape.controller.doctor;

/** A check that knows its name, and what to do when it gets no answer in time, from the start. */
abstract class NamedCheck implements Check {
    private final String name;
    private final String timeoutFix;

    NamedCheck(String name) {
        this(name, null);
    }

    NamedCheck(String name, String timeoutFix) {
        this.name = name;
        this.timeoutFix = timeoutFix;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String timeoutFix() {
        return timeoutFix;
    }
}
