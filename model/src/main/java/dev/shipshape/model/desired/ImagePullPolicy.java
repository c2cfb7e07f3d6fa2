package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code spec.images.pull}: where missing images come from. {@code always-missing} (the default)
 * pulls what is missing from the registry and falls back to image tarballs when the registry is
 * unreachable; {@code never} never asks a registry and loads missing images from tarballs only.
 */
public enum ImagePullPolicy {
    @JsonProperty("always-missing") ALWAYS_MISSING,
    @JsonProperty("never") NEVER;

    @Override
    public String toString() {
        return this == NEVER ? "never" : "always-missing";
    }
}
