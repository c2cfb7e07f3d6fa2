package dev.shipshape.model.release;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A one-shot container that must exit 0, run with a service's image, environment and volumes. */
public record JobSpec(@JsonProperty(required = true) String name,
                      @JsonProperty(required = true) String service,
                      List<String> command,
                      @JsonProperty(required = true) When when,
                      List<String> before) {
    public enum When {
        @JsonProperty("install") INSTALL,
        @JsonProperty("upgrade") UPGRADE
    }

    public JobSpec {
        command = command == null ? List.of() : List.copyOf(command);
        before = before == null ? List.of() : List.copyOf(before);
    }
}
