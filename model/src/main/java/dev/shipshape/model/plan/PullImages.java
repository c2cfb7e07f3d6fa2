package dev.shipshape.model.plan;

import dev.shipshape.model.release.ImageRef;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Pull every image of the target version that is not on the host yet, before anything is stopped.
 * {@code services} says which service runs which image (to name the service when a pinned digest
 * does not verify); it may be empty.
 */
public record PullImages(List<ImageRef> images, List<ServiceImage> services) implements Action {
    public PullImages {
        images = List.copyOf(images);
        services = List.copyOf(services == null ? List.of() : services);
    }

    public PullImages(List<ImageRef> images) {
        this(images, List.of());
    }

    /** The services that run {@code ref} (compared by pull reference). */
    public List<ServiceImage> servicesOf(ImageRef ref) {
        return services.stream().filter(s -> s.image().pullReference().equals(ref.pullReference())).toList();
    }

    @Override
    public String kind() {
        return "pull";
    }

    @Override
    public String describe() {
        return "pull " + images.stream().map(ImageRef::toString).collect(Collectors.joining(", "));
    }

    @Override
    public Reason why() {
        return Reason.IMAGES_MISSING;
    }

    @Override
    public String detail() {
        return images.stream().map(ImageRef::toString).collect(Collectors.joining(", "));
    }
}
