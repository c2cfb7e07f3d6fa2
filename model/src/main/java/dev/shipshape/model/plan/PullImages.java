package dev.shipshape.model.plan;

import dev.shipshape.model.release.ImageRef;

import java.util.List;
import java.util.stream.Collectors;

/** Pull every image of the target version that is not on the host yet, before anything is stopped. */
public record PullImages(List<ImageRef> images) implements Action {
    public PullImages {
        images = List.copyOf(images);
    }

    @Override
    public String kind() {
        return "pull";
    }

    @Override
    public String describe() {
        return "pull " + images.stream().map(ImageRef::toString).collect(Collectors.joining(", "));
    }
}
