package dev.shipshape.controller.doctor;

import dev.shipshape.model.desired.ImagePullPolicy;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.images.ImageTarball;
import dev.shipshape.reconcilers.images.TarballImageSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every registry the target's images are pulled from answers {@code GET /v2/} with 200, or 401
 * (it answers and wants credentials). Nothing to check when every image is present locally, or
 * is held by an offline image tarball (loaded when the registry does not answer).
 * Loopback registries are asked over http, others over https.
 */
final class RegistryCheck extends NamedCheck {
    static final String NAME = "registry";
    static final String DOCKER_HUB = "registry-1.docker.io";

    RegistryCheck() {
        super(NAME, "check that the registries of the release's images are up and reachable from this host");
    }

    @Override
    public CheckResult run(DoctorContext context) throws InterruptedException {
        DoctorContext.Target target = context.target();
        if (target.manifest() == null) {
            return CheckResult.warn(NAME, "registries are checked once release " + context.version()
                    + " is downloaded (run shipshape plan/apply)", null);
        }
        Map<String, List<String>> imagesByHost = new LinkedHashMap<>();
        List<ImageRef> missing = new ArrayList<>();
        for (ImageRef ref : context.images(target.manifest()).values()) {
            if (!context.present(ref)) {
                missing.add(ref);
            }
        }
        if (missing.isEmpty()) {
            return CheckResult.ok(NAME, "every image of release " + context.version() + " is present locally; nothing to pull");
        }
        // offline images (spec.images.offline, tarballs next to a file:// release): those need no registry
        List<Path> folders = TarballImageSource.folders(context.project);
        List<ImageTarball> tarballs = TarballImageSource.tarballs(folders);
        List<ImageRef> notHeld = TarballImageSource.notHeld(missing, tarballs);
        boolean never = context.project.desired().spec().images().pull() == ImagePullPolicy.NEVER;
        if (never && !notHeld.isEmpty()) {
            return CheckResult.fail(NAME, "spec.images.pull is never, and no image tarball in "
                    + TarballImageSource.describe(folders) + " holds " + notHeld,
                    "put the image tarballs (docker save) in the folder spec.images.offline names, or set spec.images.pull: always-missing");
        }
        if (notHeld.isEmpty()) {
            return CheckResult.ok(NAME, "the missing images of release " + context.version() + " are pulled, or loaded from"
                    + " the image tarballs in " + TarballImageSource.describe(folders) + " when their registry does not answer");
        }
        for (ImageRef ref : notHeld) {
            imagesByHost.computeIfAbsent(registryHost(ref), h -> new ArrayList<>()).add(ref.toString());
        }
        List<String> answered = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : imagesByHost.entrySet()) {
            String host = e.getKey();
            URI url = URI.create(scheme(host) + "://" + host + "/v2/");
            String problem;
            try {
                HttpResponse<Void> response = context.http().send(HttpRequest.newBuilder(url).GET()
                        .timeout(context.requestTimeout).header("User-Agent", "shipshape-doctor").build(),
                        HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status == 200 || status == 401) {
                    answered.add(host + " (HTTP " + status + ")");
                    continue;
                }
                problem = "answered HTTP " + status;
            } catch (IOException | IllegalArgumentException ex) {
                problem = "does not answer (" + Problems.describe(ex) + ")";
            }
            silent.add("registry " + host + " " + problem + "; " + String.join(", ", e.getValue()) + " must be pulled from it");
        }
        if (!silent.isEmpty()) {
            return CheckResult.fail(NAME, String.join("; ", silent),
                    "start the registry, or check the network and the image names of the release");
        }
        return CheckResult.ok(NAME, "registry " + String.join(", ", answered) + " answers");
    }

    /** The registry host of an image, as Docker reads it: the first path part when it looks like a host, else Docker Hub. */
    static String registryHost(ImageRef ref) {
        String repository = ref.repository();
        int slash = repository.indexOf('/');
        if (slash > 0) {
            String first = repository.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return DOCKER_HUB;
    }

    static String scheme(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon > 0 && !name.endsWith("]")) {
            name = name.substring(0, colon);
        }
        return name.equals("localhost") || name.startsWith("127.") || name.equals("[::1]") ? "http" : "https";
    }
}
