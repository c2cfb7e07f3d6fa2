package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;

/** Create and start the container of a service that has none, then wait for it to be healthy. */
public record CreateService(ServiceSpec spec, String configHash, Version version, String reason) implements Action {
    @Override
    public String service() {
        return spec.name();
    }

    @Override
    public String kind() {
        return "create";
    }

    @Override
    public String describe() {
        return "create " + spec.name() + " (" + reason + ")";
    }

    @Override
    public Reason why() {
        return Reason.MISSING;
    }

    @Override
    public String detail() {
        return reason;
    }
}
