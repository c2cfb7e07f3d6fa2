package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.model.desired.ImagePullPolicy;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.images.ImageTarball;
import dev.shipshape.reconcilers.images.TarballImageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gets the missing images of the target version onto the host. Runs before any container is
 * stopped, so a failure leaves the old version serving. Images come from a chain of two sources:
 * the registry (a pull), then image tarballs ({@link TarballImageSource}, the runbook's
 * {@code docker load}) for the images whose pull failed transiently (the registry is unreachable).
 * With {@code spec.images.pull: never} the registry is not asked at all and tarballs are the only source.
 */
public final class PullReconciler implements Reconciler<PullImages> {
    private static final Logger LOG = LoggerFactory.getLogger(PullReconciler.class);
    private static final long PULL_TIMEOUT_MINUTES = 30;

    private final DockerClient docker;
    private final TarballImageSource tarballs;

    public PullReconciler(DockerClient docker) {
        this.docker = docker;
        this.tarballs = new TarballImageSource(docker);
    }

    @Override
    public Class<PullImages> actionType() {
        return PullImages.class;
    }

    @Override
    public void reconcile(PullImages action, ProjectContext project) {
        if (project.desired().spec().images().pull() == ImagePullPolicy.NEVER) {
            loadOnly(action.images(), project);
            return;
        }
        List<ImageRef> unreachable = new ArrayList<>();
        ReconcileException firstTransient = null;
        List<Path> folders = TarballImageSource.folders(project);
        for (ImageRef ref : action.images()) {
            try {
                pull(ref);
            } catch (ReconcileException e) {
                if (!e.isTransient() || folders.isEmpty()) {
                    throw e;
                }
                LOG.info("pulling {} failed ({}); trying the image tarballs in {}", ref, e.getMessage(), folders);
                unreachable.add(ref);
                firstTransient = firstTransient == null ? e : firstTransient;
            }
        }
        if (unreachable.isEmpty()) {
            return;
        }
        List<ImageTarball> found = TarballImageSource.tarballs(folders);
        List<ImageRef> notHeld = TarballImageSource.notHeld(unreachable, found);
        if (!notHeld.isEmpty()) {
            throw new ReconcileException(firstTransient.getMessage() + " No image tarball in "
                    + TarballImageSource.describe(folders) + " holds " + notHeld + " either.", true, firstTransient);
        }
        tarballs.load(unreachable, found, project);
    }

    /** spec.images.pull: never: every missing image must come from a tarball. */
    private void loadOnly(List<ImageRef> refs, ProjectContext project) {
        List<Path> folders = TarballImageSource.folders(project);
        List<ImageTarball> found = TarballImageSource.tarballs(folders);
        List<ImageRef> notHeld = TarballImageSource.notHeld(refs, found);
        if (!notHeld.isEmpty()) {
            String where = TarballImageSource.configuredFolder(project).filter(f -> !folders.contains(f))
                    .map(f -> " (the folder spec.images.offline names, " + f + ", does not exist)").orElse("");
            throw new ReconcileException("spec.images.pull is never, and no image tarball in "
                    + TarballImageSource.describe(folders) + where + " holds " + notHeld + ". Put the tarballs"
                    + " (docker save) there, or set spec.images.pull: always-missing. Nothing was stopped.", false);
        }
        tarballs.load(refs, found, project);
    }

    private void pull(ImageRef ref) {
        long started = System.nanoTime();
        LOG.info("pulling {}", ref);
        try {
            // A digest is passed as the tag: the engine then fetches exactly that content and checks it.
            String tag = ref.digest() != null ? ref.digest() : ref.tag();
            boolean done = docker.pullImageCmd(ref.repository()).withTag(tag)
                    .exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                throw new ReconcileException("pulling " + ref + " did not finish within " + PULL_TIMEOUT_MINUTES
                        + " minutes; check the registry and the network, then apply again", true);
            }
        } catch (NotFoundException e) {
            throw new ReconcileException("image " + ref + " was not found in its registry; the release names an image"
                    + " the registry does not have. Check the registry, or the release package.", false, e);
        } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
            throw new ReconcileException("pulling " + ref + " failed: " + e.getMessage()
                    + ". Nothing was stopped; the running version keeps serving.", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("pulling " + ref + " was interrupted; nothing was stopped", true, e);
        }
        LOG.info("pulled {} in {} ms", ref, (System.nanoTime() - started) / 1_000_000);
    }
}
