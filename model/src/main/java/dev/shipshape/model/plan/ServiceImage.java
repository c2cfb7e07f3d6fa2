package dev.shipshape.model.plan;

import dev.shipshape.model.release.ImageRef;

/**
 * The image a service of the target runs. {@code image} carries a digest when it is pinned (by
 * spec.images.digests or by the release); {@code releaseTag} is the release's {@code repository:tag}
 * of that service (null when the release names none), used to say what the tag is when a pin is wrong.
 */
public record ServiceImage(String service, ImageRef image, ImageRef releaseTag) {
    public boolean pinned() {
        return image.digest() != null;
    }
}
