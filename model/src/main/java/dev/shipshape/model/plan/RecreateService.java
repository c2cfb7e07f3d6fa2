package dev.shipshape.model.plan;

import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ServiceSpec;

import java.util.List;

/** Replace the container of a service whose image or configuration changed, then wait for health. */
public record RecreateService(ServiceSpec spec, String configHash, Version version, String oldContainerId,
                              List<String> reasons, Reason why) implements Action {
    public RecreateService {
        reasons = List.copyOf(reasons);
        why = why == null ? Reason.CONFIG_CHANGED : why;
    }

    @Override
    public String service() {
        return spec.name();
    }

    @Override
    public String kind() {
        return "recreate";
    }

    @Override
    public String describe() {
        return "recreate " + spec.name() + " (" + String.join("; ", reasons) + ")";
    }

    @Override
    public boolean disruptive() {
        return true;
    }

    @Override
    public String detail() {
        return String.join("; ", reasons);
    }
}
