package dev.shipshape.controller.release;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.ShipshapeException;
import dev.shipshape.model.desired.RenderedRelease;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.GeneratedSecrets;
import dev.shipshape.reconcilers.export.ReleaseRenderer;
import dev.shipshape.reconcilers.export.SecretGenerator;
import dev.shipshape.reconcilers.export.TemplateRenderer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * {@code shipshape release check}: would a server accept this package? It stores a copy in a
 * scratch project and runs what a server runs on it (manifest rules, secrets generation, template
 * rendering with the defaults, the compose subset, the image rule, the job rules), collecting every
 * problem rather than stopping at the first. Nothing outside a temporary folder changes.
 */
public final class PackageCheck {
    private static final String USER_ORIGIN = " (export/" + ReleaseRenderer.COMPOSE_FILE + " is rendered from";

    /**
     * @param manifest     null when the manifest could not be read
     * @param manifestText the manifest as it ships (--var values filled in), null when it could not be read
     */
    public record Result(List<String> problems, ReleaseManifest manifest, String manifestText) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final ConfigLoader config = new ConfigLoader();
    private final GeneratedSecrets secrets = new GeneratedSecrets(config, new SecretGenerator(new SecureRandom()));
    private final ReleaseRenderer renderer = new ReleaseRenderer(config, secrets, new TemplateRenderer());

    /** Checks the package folder or zip at {@code path}, which must exist. */
    public Result check(Path path) {
        return check(path, ManifestVariables.none());
    }

    /** As {@link #check(Path)}, with {@code ${NAME}} placeholders of the manifest filled in. */
    public Result check(Path path, ManifestVariables variables) {
        PackageInput input = new PackageInput(path, variables);
        Problems problems = new Problems();
        String text = manifestText(input, problems);
        ReleaseManifest manifest = text == null ? null : parse(input, text, problems);
        if (manifest == null) {
            return new Result(problems.lines(), null, null);
        }
        try (ScratchProject scratch = new ScratchProject(manifest.version())) {
            problems.mapping(scratch.packageDir(), input.displayRoot());
            input.store(scratch, problems);
            secrets.ensure(scratch.context().paths(), manifest);
            if (new TemplateCheck().check(scratch.context(), scratch.packageDir(), manifest, input, problems)) {
                RenderedRelease release = renderer.render(scratch.context(), scratch.store(), manifest.version());
                JobCheck.check(manifest, release.compose().services(), input.display(ReleaseManifest.FILE), problems);
            }
        } catch (InvalidInputException e) {
            problems.add(forVendor(e.getMessage(), input.displayRoot()));
        } catch (ShipshapeException | IOException | UncheckedIOException e) {
            problems.add(input.displayRoot(), e.getMessage());
        }
        return new Result(problems.lines(), manifest, text);
    }

    /** The manifest's text as it ships, or null after reporting why there is none. */
    private static String manifestText(PackageInput input, Problems problems) {
        String file = input.display(ReleaseManifest.FILE);
        try {
            String text = input.manifestText();
            if (text == null) {
                problems.add(file, "is missing; a release package holds manifest.yaml at its top (product, version, images…)");
                return null;
            }
            ManifestVariables.reportUnset(text, file, problems);
            return problems.isEmpty() ? text : null;
        } catch (IOException | UncheckedIOException e) {
            problems.add(input.displayRoot(), "cannot be read (" + e.getMessage() + "); give a package folder or a zip");
            return null;
        }
    }

    private static ReleaseManifest parse(PackageInput input, String text, Problems problems) {
        String file = input.display(ReleaseManifest.FILE);
        try {
            return ReleaseManifest.parse(file, text);
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
        } catch (IllegalArgumentException e) {
            problems.add(file, e.getMessage());
        }
        return null;
    }

    /**
     * The export words its compose errors for the user of a server (fix global.yaml, or ask the vendor);
     * here the reader is the vendor, and the file to fix is the template.
     */
    static String forVendor(String message, String displayRoot) {
        int origin = message.indexOf(USER_ORIGIN);
        String problem = origin < 0 ? message : message.substring(0, origin);
        String rendered = "export/" + ReleaseRenderer.COMPOSE_FILE;
        if (!problem.startsWith(rendered)) {
            return problem;
        }
        // the template's lines are the rendered file's unless a section repeats or drops some
        return displayRoot + TemplateRenderer.CONFIG_DIR + "/" + ReleaseRenderer.COMPOSE_FILE + TemplateRenderer.SUFFIX
                + problem.substring(rendered.length()) + " (the line of " + ReleaseRenderer.COMPOSE_FILE
                + " as rendered with the defaults)";
    }
}
