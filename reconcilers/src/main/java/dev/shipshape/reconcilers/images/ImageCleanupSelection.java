package dev.shipshape.reconcilers.images;

import dev.shipshape.model.Version;
import dev.shipshape.model.release.ImageRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which image references to remove after {@code installed} was recorded (pure: no Docker calls).
 * Candidates are the images named in the manifests of the project's stored releases older than
 * both the installed and the previous version; kept are every image of the installed, the previous
 * (for a rollback) and any newer stored release, every reference a container (running or not) was
 * created from, and every reference whose removal would delete the content of an image a container
 * uses (its last tag). Nothing that no manifest names is ever a candidate.
 */
public final class ImageCleanupSelection {
    private ImageCleanupSelection() {
    }

    /** An image of the engine: its id and the names it is listed under. */
    public record LocalImage(String id, List<String> repoTags, List<String> repoDigests) {
        public LocalImage {
            repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
            repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
        }

        boolean isNamed(String name) {
            return repoTags.contains(name) || repoDigests.contains(name);
        }
    }

    /** A container of the engine (of any project): the reference it was created from and its image id. */
    public record ContainerImage(String image, String imageId) {
    }

    public static List<String> select(Version installed, Version previous, Map<Version, ? extends Collection<ImageRef>> manifests,
                                      List<LocalImage> images, List<ContainerImage> containers) {
        if (installed == null || previous == null) {
            return List.of();
        }
        Version floor = previous.isOlderThan(installed) ? previous : installed;
        Set<String> keep = new HashSet<>();
        Set<String> candidates = new TreeSet<>();
        manifests.forEach((version, refs) -> {
            Set<String> target = version.isOlderThan(floor) ? candidates : keep;
            refs.forEach(ref -> target.addAll(names(ref)));
        });
        candidates.removeAll(keep);
        Set<String> usedNames = new HashSet<>();
        Set<String> usedIds = new HashSet<>();
        for (ContainerImage c : containers) {
            if (c.image() != null) {
                usedNames.add(c.image());
                try {
                    usedNames.addAll(names(ImageRef.parse(c.image())));
                } catch (IllegalArgumentException notAReference) {
                    // created from an image id
                }
            }
            if (c.imageId() != null) {
                usedIds.add(c.imageId());
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : candidates) {
            LocalImage image = images.stream().filter(i -> i.isNamed(name)).findFirst().orElse(null);
            if (image == null || usedNames.contains(name)) {
                continue;
            }
            if (usedIds.contains(image.id()) || usedIds.contains(name)) {
                // removing the image's last tag would delete content a container uses
                List<String> remaining = new ArrayList<>(image.repoTags());
                remaining.removeAll(candidates);
                if (remaining.isEmpty()) {
                    continue;
                }
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /** The names Docker lists an image of {@code ref} under: name:tag, and name@digest when pinned. */
    static Set<String> names(ImageRef ref) {
        Set<String> n = new LinkedHashSet<>();
        if (ref.tag() != null) {
            n.add(ref.taggedName());
        }
        if (ref.digest() != null) {
            n.add(ref.repository() + "@" + ref.digest());
        }
        return n;
    }
}
