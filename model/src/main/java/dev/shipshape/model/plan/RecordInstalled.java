package dev.shipshape.model.plan;

import dev.shipshape.model.Version;

/** Record durably that {@code version} is installed: every service runs it. */
public record RecordInstalled(Version version, Version previous) implements Action {
    @Override
    public String kind() {
        return "record";
    }

    @Override
    public String describe() {
        return previous == null ? "record " + version + " as installed"
                : "record " + version + " as installed (was " + previous + ")";
    }

    @Override
    public Reason why() {
        return Reason.VERSION_CHANGED;
    }

    @Override
    public String detail() {
        return previous == null ? version + " installed" : previous + " -> " + version;
    }
}
