package dev.shipshape.reconcilers.docker;

import dev.shipshape.reconcilers.runtime.Labels;
import dev.shipshape.reconcilers.runtime.RuntimeObservation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.api.DockerClient;
import dev.shipshape.model.observed.ContainerState;
import dev.shipshape.model.observed.Health;
import dev.shipshape.model.observed.ObservedContainer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Observes one project in exactly two Docker API calls whatever the number of services: one
 * labelled container list (health comes from its status text) and one image list.
 *
 * <p>Both are read into the few fields used ({@link EngineApi}): every pass of a running controller
 * makes them, and docker-java's full models cost several times the request itself as N grows.
 */
public final class DockerObserver {
    private static final TypeReference<List<ListedContainer>> CONTAINERS = new TypeReference<>() {
    };
    private static final TypeReference<List<ListedImage>> IMAGES = new TypeReference<>() {
    };

    /** Runs the image list beside the container list; daemon threads, so it never holds a JVM open. */
    private static final ExecutorService LISTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shipshape-image-list");
        t.setDaemon(true);
        return t;
    });

    private final EngineApi engine;

    public DockerObserver(DockerClient docker) {
        this.engine = new EngineApi(docker);
    }

    public RuntimeObservation observe(String project) {
        // The two lists do not depend on each other: side by side, a pass waits for the slower only
        // (on a busy engine each can take tens of milliseconds).
        Future<Map<String, String>> images = LISTS.submit(() -> engine.get("/images/json", DockerObserver::parseImages));
        String filters = json(Map.of("label", List.of(Labels.PROJECT + "=" + project)));
        List<ObservedContainer> containers;
        try {
            containers = engine.get("/containers/json?all=1&filters="
                    + URLEncoder.encode(filters, StandardCharsets.UTF_8), DockerObserver::parseContainers);
        } catch (RuntimeException e) {
            images.cancel(true);
            throw e;
        }
        return new RuntimeObservation(containers, join(images));
    }

    /** The result of the image list, or what it threw, as if it had run on this thread. */
    private static <T> T join(Future<T> list) {
        try {
            return list.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("listing the Docker engine's images failed", e.getCause());
        } catch (InterruptedException e) {
            list.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Docker engine listed its images", e);
        }
    }

    static List<ObservedContainer> parseContainers(InputStream body) throws IOException {
        return EngineApi.JSON.readValue(body, CONTAINERS).stream().map(ListedContainer::observed).toList();
    }

    static Map<String, String> parseImages(InputStream body) throws IOException {
        Map<String, String> images = new HashMap<>();
        for (ListedImage i : EngineApi.JSON.readValue(body, IMAGES)) {
            i.references().forEach(ref -> images.put(ref, i.id()));
        }
        return images;
    }

    private static String json(Object value) {
        try {
            return EngineApi.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** One entry of {@code GET /containers/json}: the fields shipshape reads. */
    record ListedContainer(@JsonProperty("Id") String id, @JsonProperty("Names") List<String> names,
                           @JsonProperty("Image") String image, @JsonProperty("ImageID") String imageId,
                           @JsonProperty("Labels") Map<String, String> labels, @JsonProperty("State") String state,
                           @JsonProperty("Status") String status) {
        ObservedContainer observed() {
            Map<String, String> l = labels == null ? Map.of() : labels;
            String name = names == null || names.isEmpty() ? id : names.get(0).replaceFirst("^/", "");
            return new ObservedContainer(id, name, l.get(Labels.SERVICE), image, imageId, l.get(Labels.CONFIG_HASH),
                    l.get(Labels.VERSION), ContainerState.parse(state), Health.fromStatusText(status),
                    "true".equals(l.get(Labels.MANAGED))).withUptime(ObservedContainer.uptimeFromStatusText(status));
        }
    }

    /** One entry of {@code GET /images/json}: its id and the names it is known by. */
    record ListedImage(@JsonProperty("Id") String id, @JsonProperty("RepoTags") List<String> repoTags,
                       @JsonProperty("RepoDigests") List<String> repoDigests) {
        List<String> references() {
            List<String> refs = new ArrayList<>();
            if (repoTags != null) {
                refs.addAll(repoTags);
            }
            if (repoDigests != null) {
                refs.addAll(repoDigests);
            }
            return refs;
        }
    }
}
