package dev.shipshape.controller.doctor;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.config.ConfigTree;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.observed.ObservedContainer;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.runtime.RuntimeObservation;
import dev.shipshape.reconcilers.docker.DockerObserver;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.reconcilers.export.TemplateRenderer;
import dev.shipshape.reconcilers.export.TemplateScope;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.SortedMap;

/**
 * What the checks of one doctor run share: the project, and facts found once (the target release
 * rendered in memory, what the engine runs, how the release source answered).
 */
final class DoctorContext {
    /** A value a missing secret takes while the compose file is rendered only to find its ports. */
    private static final String PLACEHOLDER = "shipshape-preflight-placeholder";

    /**
     * The target release as far as it can be known: manifest and compose are null while the package
     * is not in the store; {@code problem} says why they are null when it is.
     */
    record Target(boolean stored, ReleaseManifest manifest, ComposeProject compose, Map<String, Object> config, String problem) {
    }

    /** How the release source answered; {@code size} is the package's size in bytes, or -1 when unknown. */
    record SourceProbe(CheckResult result, long size) {
    }

    final ProjectContext project;
    final PackageStore store;
    final DockerClient docker;
    final String dockerHost;
    private final Supplier<HttpClient> http;
    private final Supplier<HttpClient> httpNoRedirects;
    final Duration requestTimeout;
    private final ReleaseRenderer renderer;
    private final ConfigLoader config;
    private volatile boolean engineAnswers;
    private Target target;
    private RuntimeObservation observation;
    private String observationProblem;
    private SourceProbe sourceProbe;

    DoctorContext(ProjectContext project, DockerClient docker, String dockerHost, ReleaseRenderer renderer, ConfigLoader config,
                  Supplier<HttpClient> http, Supplier<HttpClient> httpNoRedirects, Duration requestTimeout) {
        this.project = project;
        this.store = new PackageStore(project.paths());
        this.docker = docker;
        this.dockerHost = dockerHost;
        this.renderer = renderer;
        this.config = config;
        this.http = http;
        this.httpNoRedirects = httpNoRedirects;
        this.requestTimeout = requestTimeout;
    }

    HttpClient http() {
        return http.get();
    }

    /** For URLs with credentials in them, which must not travel to wherever a redirect points. */
    HttpClient httpNoRedirects() {
        return httpNoRedirects.get();
    }

    Version version() {
        return project.desired().spec().version();
    }

    boolean engineAnswers() {
        return engineAnswers;
    }

    void engineAnswered() {
        engineAnswers = true;
    }

    synchronized Target target() {
        if (target == null) {
            target = loadTarget();
        }
        return target;
    }

    private Target loadTarget() {
        Version v = version();
        Optional<Path> dir = store.dir(v);
        if (dir.isEmpty()) {
            return new Target(false, null, null, null, null);
        }
        ReleaseManifest manifest = null;
        try {
            DesiredState desired = renderer.desiredState(project, store);
            manifest = desired.manifest();
            Map<String, Object> tree = config.load(project, dir.get());
            ComposeProject compose = desired.rendered() != null ? desired.rendered().compose()
                    : renderWithPlaceholders(dir.get(), manifest, tree, desired.missingSecrets());
            return new Target(true, manifest, compose, tree, null);
        } catch (RuntimeException e) {
            return new Target(true, manifest, null, null, Problems.describe(e));
        }
    }

    /**
     * Before the first export the secrets do not exist yet, so the release cannot be rendered as
     * it will be; ports never come from secrets, so placeholders in their place show the ports.
     */
    private ComposeProject renderWithPlaceholders(Path packageDir, ReleaseManifest manifest, Map<String, Object> tree,
                                                  List<String> missingSecrets) {
        Map<String, Object> placeholders = new LinkedHashMap<>();
        missingSecrets.forEach(key -> placeholders.put(key, PLACEHOLDER));
        Map<String, Object> merged = ConfigTree.merge(List.of(tree, ConfigTree.expandDottedKeys(placeholders)));
        SortedMap<String, byte[]> files = new TemplateRenderer().render(packageDir, TemplateScope.of(merged, project.desired(), manifest));
        byte[] compose = files.get(ReleaseRenderer.COMPOSE_FILE);
        if (compose == null) {
            throw new IllegalStateException("the package of " + version() + " renders no " + ReleaseRenderer.COMPOSE_FILE);
        }
        return new ComposeParser("export/" + ReleaseRenderer.COMPOSE_FILE,
                path -> Optional.ofNullable(files.get(path)).map(b -> new String(b, StandardCharsets.UTF_8)))
                .parse(new String(compose, StandardCharsets.UTF_8));
    }

    /** This project's containers and the local images, or empty when the engine does not answer. */
    synchronized Optional<RuntimeObservation> observation() {
        if (observation == null && observationProblem == null) {
            if (!engineAnswers) {
                observationProblem = "the Docker engine does not answer";
            } else {
                try {
                    observation = new DockerObserver(docker).observe(project.project());
                } catch (RuntimeException e) {
                    observationProblem = Problems.describe(e);
                }
            }
        }
        return Optional.ofNullable(observation);
    }

    synchronized String observationProblem() {
        return observationProblem;
    }

    List<ObservedContainer> containers() {
        return observation().map(RuntimeObservation::containers).orElse(List.of());
    }

    /** Whether the engine has the image locally (so nothing is pulled); false when the engine does not answer. */
    boolean present(ImageRef ref) {
        return observation().map(o -> o.localImages().containsKey(ref.pullReference())).orElse(false);
    }

    /** The images of the target with the desired file's digest pins applied, by service. */
    Map<String, ImageRef> images(ReleaseManifest manifest) {
        Map<String, String> pins = project.desired().spec().images().digests();
        Map<String, ImageRef> out = new LinkedHashMap<>();
        manifest.images().forEach((service, ref) -> {
            String pin = pins.get(service);
            out.put(service, pin == null ? ref : new ImageRef(ref.repository(), ref.tag(), pin));
        });
        return out;
    }

    synchronized SourceProbe sourceProbe() {
        if (sourceProbe == null) {
            sourceProbe = ReleaseSourceCheck.probe(this);
        }
        return sourceProbe;
    }
}
