package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Version;
import dev.shipshape.model.compose.ComposeParser;
import dev.shipshape.model.compose.ComposeProject;
import dev.shipshape.model.config.ConfigHash;
import dev.shipshape.model.config.ConfigTree;
import dev.shipshape.model.desired.DesiredState;
import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders a stored release for a project in memory: for the planner as digests
 * ({@link RenderedRelease}), for the export reconciler as bytes.
 */
public final class ReleaseRenderer {
    public static final String COMPOSE_FILE = "compose.yaml";

    private final ConfigLoader config;
    private final GeneratedSecrets secrets;
    private final TemplateRenderer templates;
    private final RenderCache cache;

    public ReleaseRenderer(ConfigLoader config, GeneratedSecrets secrets, TemplateRenderer templates) {
        this(config, secrets, templates, new RenderCache());
    }

    /** @param cache reuses {@link #desiredState} results while their inputs are unchanged */
    public ReleaseRenderer(ConfigLoader config, GeneratedSecrets secrets, TemplateRenderer templates, RenderCache cache) {
        this.config = config;
        this.secrets = secrets;
        this.templates = templates;
        this.cache = cache;
    }

    /**
     * The desired state of the project's target version, as the planner takes it. Each pass of the
     * control loop asks for it: the release is rendered again only when one of its inputs changed.
     */
    public DesiredState desiredState(ProjectContext project, PackageStore store) {
        return desiredState(project, store, project.desired().spec().version(), List.of(), null);
    }

    /**
     * The desired state when the version to reach now is {@code target}: the next hop of an upgrade
     * path, or the version a failed rollout was rolled back to.
     */
    public DesiredState desiredState(ProjectContext project, PackageStore store, Version target, List<Version> path,
                                     DesiredState.Rollback rollback) {
        Optional<Path> packageDir = store.dir(target);
        if (packageDir.isEmpty()) {
            return DesiredState.packageMissing(project.project(), project.desired().spec(), target, path, rollback);
        }
        PreparedRelease prepared = cache.get(project, packageDir.get(), target, () -> prepare(project, store, target));
        return new DesiredState(project.project(), project.desired().spec(), prepared.manifest(),
                prepared.missingSecrets(), prepared.rendered(), target, path, rollback);
    }

    /** Manifest, missing secrets and, when none is missing, the rendered release. Changes nothing on disk. */
    public PreparedRelease prepare(ProjectContext project, PackageStore store, Version version) {
        ReleaseManifest manifest = manifest(store, version);
        List<String> missing = secrets.missing(project.paths(), manifest);
        if (!missing.isEmpty()) {
            return new PreparedRelease(manifest, missing, null);
        }
        return new PreparedRelease(manifest, missing, toRelease(version, manifest, render(project, store, version, manifest), project));
    }

    /** The rendered release (digests only). Fails when secrets are still missing. */
    public RenderedRelease render(ProjectContext project, PackageStore store, Version version) {
        return toRelease(version, manifest(store, version), renderFiles(project, store, version), project);
    }

    /** Every file of the export by relative path, sorted. Fails when secrets are still missing. */
    public SortedMap<String, byte[]> renderFiles(ProjectContext project, PackageStore store, Version version) {
        ReleaseManifest manifest = manifest(store, version);
        List<String> missing = secrets.missing(project.paths(), manifest);
        if (!missing.isEmpty()) {
            throw new ReconcileException("release " + version + " needs secrets " + missing + " that are not generated yet;"
                    + " the export step generates them into generated-secret.yaml (or set them in user-secret)", false);
        }
        return render(project, store, version, manifest);
    }

    /**
     * Every file of the export with {@code overlay} merged over the configuration, for previews that
     * must not show secret values: {@code shipshape diff} overlays every secret with a marker. Secrets
     * still missing are fine here when the overlay gives them a value. Changes nothing on disk.
     */
    public SortedMap<String, byte[]> renderFilesWith(ProjectContext project, PackageStore store, Version version,
                                                     Map<String, Object> overlay) {
        ReleaseManifest manifest = manifest(store, version);
        return render(project, store, version, manifest, overlay);
    }

    private SortedMap<String, byte[]> render(ProjectContext project, PackageStore store, Version version, ReleaseManifest manifest) {
        return render(project, store, version, manifest, Map.of());
    }

    private SortedMap<String, byte[]> render(ProjectContext project, PackageStore store, Version version, ReleaseManifest manifest,
                                             Map<String, Object> overlay) {
        Path dir = packageDir(store, version);
        Map<String, Object> tree = overlay.isEmpty() ? config.load(project, dir) : ConfigTree.merge(config.load(project, dir), overlay);
        SortedMap<String, byte[]> files = templates.render(dir, TemplateScope.of(tree, project.desired(), manifest));
        if (!files.containsKey(COMPOSE_FILE)) {
            throw new InvalidInputException(dir.resolve(TemplateRenderer.CONFIG_DIR).toString(), null,
                    "the package of " + manifest.product() + " " + version + " renders no " + COMPOSE_FILE
                            + "; its config/ folder must hold " + COMPOSE_FILE + " or " + COMPOSE_FILE + TemplateRenderer.SUFFIX);
        }
        return files;
    }

    private RenderedRelease toRelease(Version version, ReleaseManifest manifest, SortedMap<String, byte[]> files,
                                      ProjectContext project) {
        try {
            RenderedRelease release = parse(version, files);
            checkImages(manifest, project.desired().spec().images().digests(), release.compose());
            return release;
        } catch (InvalidInputException e) {
            // The compose parser quotes offending values, which here are rendered and may hold secrets.
            throw redacted(e, SecretScanner.of(config.loadSecrets(project.paths())), version,
                    project.paths().packageDir(version));
        }
    }

    /**
     * Every image a service runs must be one the manifest names: only those are pinned by
     * spec.images.digests, checked by digest and kept or cleaned up with their release.
     */
    private static void checkImages(ReleaseManifest manifest, Map<String, String> pins, ComposeProject compose) {
        java.util.Set<String> allowed = new java.util.HashSet<>();
        manifest.images().forEach((service, ref) -> {
            allowed.add(ref.toString());
            if (pins.containsKey(service)) {
                allowed.add(new dev.shipshape.model.release.ImageRef(ref.repository(), null, pins.get(service)).toString());
            }
        });
        for (var s : new TreeMap<>(compose.services()).values()) {
            if (!allowed.contains(s.image())) {
                throw new InvalidInputException("export/" + COMPOSE_FILE, "services." + s.name() + ".image",
                        "runs '" + s.image() + "', which is not one of the images of manifest.yaml (" + String.join(", ",
                                new TreeMap<>(manifest.images()).keySet()) + "); a release must list every image it runs"
                                + " under images: and its compose file must use them as {{images.<service>}}");
            }
        }
    }

    private static InvalidInputException redacted(InvalidInputException e, SecretScanner secrets, Version version,
                                                  Path packageDir) {
        String prefix = new InvalidInputException(e.file(), e.line(), e.column(), e.field(), "").getMessage();
        String message = e.getMessage();
        String problem = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        // Says where the rendered file came from: the user can only fix the values, the vendor the template.
        String origin = " (export/" + COMPOSE_FILE + " is rendered from config/" + COMPOSE_FILE + TemplateRenderer.SUFFIX
                + " of release " + version + " with the project's configuration: when the line holds a value from"
                + " global.yaml, user-secret or spec.config, fix that value; otherwise the package is faulty: get a fixed"
                + " one from its vendor, then delete " + packageDir + " so that it is downloaded again. Nothing was changed.)";
        return new InvalidInputException(e.file(), e.line(), e.column(), secrets.redact(e.field()),
                secrets.redact(problem) + origin);
    }

    private static RenderedRelease parse(Version version, SortedMap<String, byte[]> files) {
        ComposeParser parser = new ComposeParser("export/" + COMPOSE_FILE,
                path -> Optional.ofNullable(files.get(path)).flatMap(Utf8::decode));
        ComposeProject compose = parser.parse(Utf8.decode(files.get(COMPOSE_FILE)).orElseThrow(() ->
                new InvalidInputException("export/" + COMPOSE_FILE, null, "the rendered compose file of " + version
                        + " is not UTF-8 text")));
        Map<String, String> digests = new TreeMap<>();
        files.forEach((path, bytes) -> digests.put(path, ConfigHash.sha256(bytes)));
        return new RenderedRelease(compose, digests);
    }

    private static ReleaseManifest manifest(PackageStore store, Version version) {
        return store.manifest(version).orElseThrow(() -> notStored(version));
    }

    private static Path packageDir(PackageStore store, Version version) {
        return store.dir(version).orElseThrow(() -> notStored(version));
    }

    private static ReconcileException notStored(Version version) {
        // Transient: the next reconciliation downloads the package first.
        return new ReconcileException("release " + version + " is not in the package store yet; it is downloaded first", true);
    }
}
