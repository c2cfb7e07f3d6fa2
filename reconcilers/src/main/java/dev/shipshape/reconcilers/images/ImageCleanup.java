package dev.shipshape.reconcilers.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.shipshape.model.Version;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes the images of releases older than the previous one after an upgrade was recorded
 * ({@link ImageCleanupSelection} decides which), by reference and without force, so the engine
 * itself also refuses to remove what a container uses. Best effort: a failure is logged and
 * never fails the upgrade.
 */
public final class ImageCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCleanup.class);

    private final DockerClient docker;

    public ImageCleanup(DockerClient docker) {
        this.docker = docker;
    }

    /** @return the references removed */
    public List<String> afterInstall(ProjectContext project, Version installed, Version previous) {
        if (previous == null) {
            return List.of();
        }
        try {
            PackageStore store = new PackageStore(project.paths());
            Map<Version, Collection<ImageRef>> manifests = new LinkedHashMap<>();
            for (Version v : store.versions()) {
                store.manifest(v).ifPresent(m -> manifests.put(v, m.images().values()));
            }
            List<ImageCleanupSelection.LocalImage> images = new ArrayList<>();
            for (Image i : docker.listImagesCmd().exec()) {
                images.add(new ImageCleanupSelection.LocalImage(i.getId(),
                        i.getRepoTags() == null ? List.of() : List.of(i.getRepoTags()),
                        i.getRepoDigests() == null ? List.of() : List.of(i.getRepoDigests())));
            }
            List<ImageCleanupSelection.ContainerImage> containers = new ArrayList<>();
            for (Container c : docker.listContainersCmd().withShowAll(true).exec()) {
                containers.add(new ImageCleanupSelection.ContainerImage(c.getImage(), c.getImageId()));
            }
            List<String> removed = new ArrayList<>();
            for (String ref : ImageCleanupSelection.select(installed, previous, manifests, images, containers)) {
                try {
                    docker.removeImageCmd(ref).withForce(false).exec();
                    removed.add(ref);
                } catch (NotFoundException gone) {
                    // already removed
                } catch (RuntimeException e) {
                    LOG.warn("cannot remove the old image {}: {}", ref, e.getMessage());
                }
            }
            if (!removed.isEmpty()) {
                LOG.info("removed images of releases older than {}: {}", previous, removed);
            }
            return removed;
        } catch (RuntimeException e) {
            LOG.warn("cleaning up old images failed: {}; they are left on the host", e.getMessage());
            return List.of();
        }
    }
}
