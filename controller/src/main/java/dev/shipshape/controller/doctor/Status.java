package dev.shipshape.controller.doctor;

/** The outcome of one preflight check. Only {@link #FAIL} stops {@code apply}. */
public enum Status {
    OK, WARN, FAIL
}
