package dev.shipshape.reconcilers.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.model.Version;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The offline source of images, like the runbook's {@code docker load}: image tarballs
 * ({@code docker save} format) in the folder {@code spec.images.offline} names (relative to the
 * desired file) and next to the release zips when the release source is a {@code file://} folder.
 * Only the tarballs that hold a wanted image are loaded; after loading, every wanted image must be
 * there by its reference, and, when the reference has a digest, the loaded image's repo digests or
 * id must be that digest: otherwise it is refused, naming the service, expected and found.
 */
public final class TarballImageSource {
    private static final Logger LOG = LoggerFactory.getLogger(TarballImageSource.class);

    private final DockerClient docker;

    public TarballImageSource(DockerClient docker) {
        this.docker = docker;
    }

    /** The folders tarballs are looked for in, existing ones only, the configured folder first. */
    public static List<Path> folders(ProjectContext project) {
        Set<Path> out = new LinkedHashSet<>();
        ImagePins images = project.desired().spec().images();
        if (images.offline() != null) {
            out.add(project.desired().baseDir().resolve(images.offline()).toAbsolutePath().normalize());
        }
        String url = project.desired().spec().source().url();
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            Set<Version> versions = new LinkedHashSet<>();
            versions.add(project.desired().spec().version());
            versions.addAll(new PackageStore(project.paths()).versions());
            for (Version v : versions) {
                try {
                    Path zip = Path.of(project.desired().spec().source().urlFor(v));
                    if (zip.getParent() != null) {
                        out.add(zip.getParent().toAbsolutePath().normalize());
                    }
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    // not a local path: no folder to look in
                }
            }
        }
        return out.stream().filter(Files::isDirectory).toList();
    }

    /** The configured offline folder, resolved, whether or not it exists. */
    public static Optional<Path> configuredFolder(ProjectContext project) {
        String offline = project.desired().spec().images().offline();
        return offline == null ? Optional.empty()
                : Optional.of(project.desired().baseDir().resolve(offline).toAbsolutePath().normalize());
    }

    /** The tarballs of {@code folders} (not recursive), each with the names it holds, in name order. */
    public static List<ImageTarball> tarballs(List<Path> folders) {
        List<ImageTarball> out = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(ImageTarball::looksLikeTarball).sorted().toList()) {
                    try {
                        out.add(ImageTarball.read(f));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("{} is not a readable image tarball ({}); skipped", f, e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.warn("cannot list the image tarball folder {}: {}", folder, e.getMessage());
            }
        }
        return out;
    }

    /** The tarball that holds {@code ref} by name, if any. */
    static Optional<ImageTarball> holding(ImageRef ref, List<ImageTarball> tarballs) {
        for (ImageTarball t : tarballs) {
            if (ref.tag() != null ? t.repoTags().contains(ref.taggedName())
                    : t.repoTags().stream().anyMatch(tag -> tag.startsWith(ref.repository() + ":"))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The wanted images no tarball holds. */
    public static List<ImageRef> notHeld(List<ImageRef> refs, List<ImageTarball> tarballs) {
        return refs.stream().filter(r -> holding(r, tarballs).isEmpty()).toList();
    }

    /**
     * Loads the tarballs that hold {@code refs}, then verifies each. Every ref must be held by a
     * tarball of {@code tarballs} (see {@link #notHeld}).
     */
    public void load(List<ImageRef> refs, List<ImageTarball> tarballs, ProjectContext project) {
        Map<ImageTarball, List<ImageRef>> byTarball = new LinkedHashMap<>();
        for (ImageRef ref : refs) {
            ImageTarball t = holding(ref, tarballs).orElseThrow(() -> new IllegalArgumentException("no tarball holds " + ref));
            byTarball.computeIfAbsent(t, k -> new ArrayList<>()).add(ref);
        }
        byTarball.forEach((tarball, held) -> {
            long started = System.nanoTime();
            LOG.info("loading {} from {}", held, tarball.file());
            try (InputStream in = tarball.rawStream()) {
                docker.loadImageCmd(in).exec();
            } catch (IOException e) {
                throw new ReconcileException("reading the image tarball " + tarball.file() + " failed: " + e.getMessage()
                        + ". Nothing was stopped; the running version keeps serving.", true, e);
            } catch (DockerException | DockerClientException e) {
                throw new ReconcileException("loading the image tarball " + tarball.file() + " failed: " + e.getMessage()
                        + ". Nothing was stopped; the running version keeps serving.", true, e);
            }
            for (ImageRef ref : held) {
                verify(ref, tarball, project);
            }
            LOG.info("loaded {} from {} in {} ms", held, tarball.file(), (System.nanoTime() - started) / 1_000_000);
        });
    }

    private void verify(ImageRef ref, ImageTarball tarball, ProjectContext project) {
        String name = ref.tag() != null ? ref.taggedName()
                : tarball.repoTags().stream().filter(t -> t.startsWith(ref.repository() + ":")).findFirst().orElseThrow();
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(name).exec();
        } catch (NotFoundException e) {
            throw new ReconcileException("the image tarball " + tarball.file() + " was loaded but the engine has no " + name
                    + " afterwards; the tarball does not hold the image its manifest.json names", false, e);
        }
        if (ref.digest() == null) {
            return;
        }
        List<String> repoDigests = image.getRepoDigests() == null ? List.of() : image.getRepoDigests();
        boolean matches = ref.digest().equals(image.getId())
                || repoDigests.contains(ref.repository() + "@" + ref.digest());
        if (!matches) {
            String service = serviceOf(ref, project);
            throw new ReconcileException((service == null ? "image " + ref : "service " + service + ": image " + ref)
                    + " loaded from " + tarball.file() + " does not match its digest: expected " + ref.digest()
                    + ", found " + image.getId() + (repoDigests.isEmpty() ? "" : " (repo digests " + repoDigests + ")")
                    + ". The image is refused and not started; nothing was stopped, the running version keeps serving."
                    + " Put the right tarball in place, or fix the pin in spec.images.digests.", false);
        }
    }

    /** The service an image belongs to: a pin with its digest, else a stored manifest naming its repository. */
    static String serviceOf(ImageRef ref, ProjectContext project) {
        for (Map.Entry<String, String> pin : project.desired().spec().images().digests().entrySet()) {
            if (pin.getValue().equals(ref.digest())) {
                return pin.getKey();
            }
        }
        PackageStore store = new PackageStore(project.paths());
        try {
            for (Version v : store.versions()) {
                ReleaseManifest m = store.manifest(v).orElse(null);
                if (m != null) {
                    for (Map.Entry<String, ImageRef> e : m.images().entrySet()) {
                        if (e.getValue().repository().equals(ref.repository())) {
                            return e.getKey();
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // the name of the service is a courtesy of the message
        }
        return null;
    }

    /** For messages: where tarballs were looked for. */
    public static String describe(List<Path> folders) {
        return folders.isEmpty() ? "(no folder)" : folders.toString();
    }

}
