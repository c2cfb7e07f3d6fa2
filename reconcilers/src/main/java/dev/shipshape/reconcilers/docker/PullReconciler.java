package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** Pulls images. Runs before any container is stopped, so a failed pull leaves the old version serving. */
public final class PullReconciler implements Reconciler<PullImages> {
    private static final Logger LOG = LoggerFactory.getLogger(PullReconciler.class);
    private static final long PULL_TIMEOUT_MINUTES = 30;

    private final DockerClient docker;

    public PullReconciler(DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public Class<PullImages> actionType() {
        return PullImages.class;
    }

    @Override
    public void reconcile(PullImages action, ProjectContext project) {
        for (ImageRef ref : action.images()) {
            pull(ref);
        }
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
