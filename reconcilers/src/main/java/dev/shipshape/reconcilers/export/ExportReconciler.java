package dev.shipshape.reconcilers.export;

import dev.shipshape.model.plan.ExportRelease;
import dev.shipshape.model.release.ReleaseManifest;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Carries out {@link ExportRelease}: generates the release's missing secrets, renders its
 * configuration and swaps it into the project's {@code export/} folder. Running it again renders
 * the same bytes, leaves generated-secret.yaml untouched and, when the folder already holds them,
 * writes nothing.
 */
public final class ExportReconciler implements Reconciler<ExportRelease> {
    private static final Logger LOG = LoggerFactory.getLogger(ExportReconciler.class);

    private final ConfigLoader config;
    private final GeneratedSecrets secrets;
    private final ReleaseRenderer renderer;
    private final ExportWriter writer = new ExportWriter();

    public ExportReconciler(ConfigLoader config, GeneratedSecrets secrets, ReleaseRenderer renderer) {
        this.config = config;
        this.secrets = secrets;
        this.renderer = renderer;
    }

    @Override
    public Class<ExportRelease> actionType() {
        return ExportRelease.class;
    }

    @Override
    public ActionOutcome reconcile(ExportRelease action, ProjectContext project) {
        try {
            export(action, project);
            return ActionOutcome.done();
        } catch (ReconcileException e) {
            // the package is not stored yet, a template or a secret file is refused, the folder cannot be written
            return ActionOutcome.of(e);
        }
    }

    private void export(ExportRelease action, ProjectContext project) {
        ProjectPaths paths = project.paths();
        PackageStore store = new PackageStore(paths);
        writer.removeLeftovers(paths);
        ReleaseManifest manifest = store.manifest(action.version()).orElseThrow(() -> new ReconcileException(
                "release " + action.version() + " is not in the package store yet; it is downloaded first", true));
        List<String> generated = secrets.ensure(paths, manifest);
        if (!generated.isEmpty()) {
            LOG.info("{}: generated {} missing secret(s): {}", project.project(), generated.size(), generated);
        }
        Map<String, byte[]> files = renderer.renderFiles(project, store, action.version());
        if (ExportFolder.hashOf(files).equals(ExportFolder.hash(paths.export()))) {
            LOG.info("{}: export of {} is already up to date", project.project(), action.version());
            return;
        }
        writer.write(paths, files, SecretScanner.of(config.loadSecrets(paths)));
        LOG.info("{}: exported the configuration of {} ({} files)", project.project(), action.version(), files.size());
    }
}
