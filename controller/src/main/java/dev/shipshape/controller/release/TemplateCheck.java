package dev.shipshape.controller.release;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.export.ConfigLoader;
import dev.shipshape.reconcilers.export.TemplateRenderer;
import dev.shipshape.reconcilers.export.TemplateScope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Renders every template of the scratch copy with the defaults and the generated secrets, as the
 * export does. The renderer stops at the first faulty template; a vendor wants them all in one run,
 * so a faulty template is reported, emptied in the scratch copy, and the rest rendered again.
 */
final class TemplateCheck {
    private static final String VENDOR_HINT = " (rendered with the package's own defaults: add the key to"
            + " variables/default.yaml, or fix the template)";

    private final ConfigLoader config = new ConfigLoader();
    private final TemplateRenderer templates = new TemplateRenderer();

    /** @return true when every template rendered */
    boolean check(ProjectContext project, Path packageDir, ReleaseManifest manifest, PackageInput input, Problems problems)
            throws IOException {
        Map<String, Object> tree;
        try {
            tree = config.load(project, packageDir);
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
            return false;
        }
        Map<String, Object> scope = TemplateScope.of(tree, project.desired(), manifest);
        boolean clean = true;
        // each round either succeeds or empties one more template, so this ends
        for (int round = 0; round < 10_000; round++) {
            try {
                templates.render(packageDir, scope);
                return clean;
            } catch (InvalidInputException e) {
                clean = false;
                Path faulty = e.file() == null ? null : packageDir.resolve(e.file()).normalize();
                boolean inPackage = e.file() != null && e.file().startsWith(TemplateRenderer.CONFIG_DIR + "/");
                String hint = e.field() != null ? VENDOR_HINT : "";
                problems.add((inPackage ? input.displayRoot() : "") + e.getMessage() + hint);
                if (!inPackage || !faulty.startsWith(packageDir) || !Files.isRegularFile(faulty, LinkOption.NOFOLLOW_LINKS)
                        || Files.size(faulty) == 0) {
                    return false;
                }
                Files.delete(faulty);
            }
        }
        return false;
    }
}
