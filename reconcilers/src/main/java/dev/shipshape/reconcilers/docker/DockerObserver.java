package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Observes one project in exactly two Docker API calls whatever the number of services: one
 * labelled container list (health comes from its status text) and one image list.
 */
public final class DockerObserver {
    private final DockerClient docker;

    public DockerObserver(DockerClient docker) {
        this.docker = docker;
    }

    public DockerObservation observe(String project) {
        List<ObservedContainer> containers = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.PROJECT, project)).exec()) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
            containers.add(new ObservedContainer(c.getId(), name, labels.get(Labels.SERVICE), c.getImage(), c.getImageId(),
                    labels.get(Labels.CONFIG_HASH), labels.get(Labels.VERSION), ContainerState.parse(c.getState()),
                    Health.fromStatusText(c.getStatus()), "true".equals(labels.get(Labels.MANAGED))));
        }
        Map<String, String> images = new HashMap<>();
        for (Image i : docker.listImagesCmd().exec()) {
            if (i.getRepoTags() != null) {
                for (String t : i.getRepoTags()) {
                    images.put(t, i.getId());
                }
            }
            if (i.getRepoDigests() != null) {
                for (String d : i.getRepoDigests()) {
                    images.put(d, i.getId());
                }
            }
        }
        return new DockerObservation(containers, images);
    }
}
