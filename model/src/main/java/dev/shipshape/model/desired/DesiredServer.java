package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The desired-state file: Kubernetes-style, so GitOps users feel at home. */
public record DesiredServer(
        @JsonProperty(required = true) String apiVersion,
        @JsonProperty(required = true) String kind,
        @JsonProperty(required = true) Metadata metadata,
        @JsonProperty(required = true) ServerSpec spec) {

    public static final String API_VERSION = "shipshape.dev/v1";
    public static final String KIND = "Server";

    public DesiredServer {
        if (!API_VERSION.equals(apiVersion)) {
            throw new dev.shipshape.model.FieldException("apiVersion", "apiVersion must be " + API_VERSION + ", not '" + apiVersion + "'");
        }
        if (!KIND.equals(kind)) {
            throw new dev.shipshape.model.FieldException("kind", "kind must be " + KIND + ", not '" + kind + "'");
        }
    }

    public String project() {
        return metadata.name();
    }
}
