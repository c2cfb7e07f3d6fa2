package dev.shipshape.model.desired;

/**
 * What the rules of a desired file are built of: the key check of a mapping, the value checks of a field,
 * and the list they both report into.
 */
record FieldChecks(ProblemList problems, KnownFields fields, ValueChecks values) {
    /** Checks that report into {@code problems}. */
    static FieldChecks reportingTo(ProblemList problems) {
        return new FieldChecks(problems, new KnownFields(problems), new ValueChecks(problems));
    }
}
