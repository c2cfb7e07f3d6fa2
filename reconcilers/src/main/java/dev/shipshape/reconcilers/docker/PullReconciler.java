package dev.shipshape.reconcilers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import dev.shipshape.model.desired.ImagePins;
import dev.shipshape.model.desired.ImagePullPolicy;
import dev.shipshape.model.plan.PullImages;
import dev.shipshape.model.plan.ServiceImage;
import dev.shipshape.model.release.ImageRef;
import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import dev.shipshape.reconcilers.images.ImageTarball;
import dev.shipshape.reconcilers.images.TarballImageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Gets the missing images of the target version onto the host. Runs before any container is
 * stopped, so a failure leaves the old version serving. Images come from a chain of two sources:
 * the registry (a pull), then image tarballs ({@link TarballImageSource}, the runbook's
 * {@code docker load}) for the images whose pull failed transiently (the registry is unreachable).
 * With {@code spec.images.pull: never} the registry is not asked at all and tarballs are the only source.
 * Pulls from a private registry use the credentials of {@link RegistryCredentials}; a password is never
 * logged nor put in a message. An image with a digest (pinned by spec.images.digests or by the release)
 * is pulled by that digest and then verified: its RepoDigests must hold {@code repository@digest}.
 */
public final class PullReconciler implements Reconciler<PullImages> {
    private static final Logger LOG = LoggerFactory.getLogger(PullReconciler.class);
    /** Pulls at the same time; the engine itself downloads at most three layers at once. */
    static final int PARALLEL_PULLS = 4;

    private final DockerClient docker;
    private final Supplier<Path> dockerConfigDir;
    private final TarballImageSource tarballs;

    public PullReconciler(DockerClient docker) {
        this(docker, () -> RegistryCredentials.dockerConfigDir(System.getenv(), System.getProperty("user.home")));
    }

    public PullReconciler(DockerClient docker, Supplier<Path> dockerConfigDir) {
        this.docker = docker;
        this.dockerConfigDir = dockerConfigDir;
        this.tarballs = new TarballImageSource(docker);
    }

    @Override
    public Class<PullImages> actionType() {
        return PullImages.class;
    }

    @Override
    public ActionOutcome reconcile(PullImages action, ProjectContext project) {
        try {
            pull(action, project);
            return ActionOutcome.done();
        } catch (ReconcileException e) {
            // a registry refused or did not answer, an image is missing
            return ActionOutcome.of(e);
        }
    }

    private void pull(PullImages action, ProjectContext project) {
        getMissing(action, project);
        Failpoints.reach(Failpoints.AFTER_PULL);
    }

    private void getMissing(PullImages action, ProjectContext project) {
        if (project.desired().spec().images().pull() == ImagePullPolicy.NEVER) {
            loadOnly(action.images(), project);
            return;
        }
        RegistryCredentials credentials = RegistryCredentials.load(project, dockerConfigDir.get());
        List<ImageRef> unreachable = new ArrayList<>();
        ReconcileException firstTransient = null;
        List<Path> folders = TarballImageSource.folders(project);
        List<Pulled> pulled = pullAll(action, project, credentials);
        for (int i = 0; i < pulled.size(); i++) {
            if (pulled.get(i).unverified() != null) {
                throw pulled.get(i).unverified(); // pulled, but not what was pinned: no other source can help
            }
            ReconcileException e = pulled.get(i).failure();
            if (e == null) {
                continue;
            }
            if (!e.isTransient() || folders.isEmpty()) {
                throw e;
            }
            ImageRef ref = action.images().get(i);
            LOG.info("pulling {} failed ({}); trying the image tarballs in {}", ref, e.getMessage(), folders);
            unreachable.add(ref);
            firstTransient = firstTransient == null ? e : firstTransient;
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

    /**
     * Pulls (and verifies) every image, {@link #PARALLEL_PULLS} at a time as docker compose does: the
     * engine downloads one image's layers while it unpacks another's. Every pull is awaited, and the
     * failures are judged in the plan's order, as if the pulls had run one after the other.
     *
     * @return per image of the action, how its pull went
     */
    private List<Pulled> pullAll(PullImages action, ProjectContext project, RegistryCredentials credentials) {
        List<ImageRef> refs = action.images();
        int threads = Math.min(PARALLEL_PULLS, refs.size());
        if (threads <= 1) {
            return refs.stream().map(ref -> pullAndVerify(ref, action, project, credentials)).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "shipshape-pull");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Pulled>> futures = new ArrayList<>();
            for (ImageRef ref : refs) {
                futures.add(pool.submit(() -> pullAndVerify(ref, action, project, credentials)));
            }
            List<Pulled> pulled = new ArrayList<>();
            for (Future<Pulled> f : futures) {
                pulled.add(f.get());
            }
            return pulled;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("pulling the images was interrupted; nothing was stopped", true, e);
        } catch (ExecutionException e) {
            // not a ReconcileException (those are returned): a fault of the client, passed on as it is
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * How one pull went.
     *
     * @param failure    why the pull failed, or null
     * @param unverified why the pulled image was refused (its digest), or null
     */
    private record Pulled(ReconcileException failure, ReconcileException unverified) {
    }

    private Pulled pullAndVerify(ImageRef ref, PullImages action, ProjectContext project, RegistryCredentials credentials) {
        List<ServiceImage> services = action.servicesOf(ref);
        try {
            pull(ref, services, project, credentials);
        } catch (ReconcileException e) {
            return new Pulled(e, null);
        }
        try {
            if (ref.digest() != null) {
                verify(ref, services, project);
            }
            return new Pulled(null, null);
        } catch (ReconcileException e) {
            return new Pulled(null, e);
        }
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

    private void pull(ImageRef ref, List<ServiceImage> services, ProjectContext project, RegistryCredentials credentials) {
        long started = System.nanoTime();
        String registry = RegistryCredentials.registryOf(ref);
        Optional<RegistryCredentials.Credential> credential = credentials.forRegistry(registry);
        LOG.info("pulling {}{}", ref, credential.map(c -> " with the credentials for " + registry + " from " + c.source()).orElse(""));
        try {
            // A digest is passed as the tag: the engine then fetches exactly that content and checks it.
            String tag = ref.digest() != null ? ref.digest() : ref.tag();
            Duration timeout = pullTimeout(project);
            if (!pullOnce(ref.repository(), tag, credential, timeout)) {
                throw new ReconcileException("pulling " + ref + " did not finish within " + PullMessages.text(timeout)
                        + " (spec.images.pullTimeout), so it was cancelled: the registry " + registry + " accepts"
                        + " connections but does not answer, or is too slow. Nothing was stopped; the running version"
                        + " keeps serving. Check the registry and the network, or raise spec.images.pullTimeout", true);
            }
        } catch (NotFoundException e) {
            if (ref.digest() != null) {
                throw digestNotFound(ref, services, project, credential);
            }
            throw new ReconcileException("image " + ref + " was not found in its registry; the release names an image"
                    + " the registry does not have. Check the registry, or the release package.", false);
        } catch (DockerException | DockerClientException e) {
            String message = PullMessages.scrub(e.getMessage() == null ? "" : e.getMessage().strip(), credential);
            if (PullMessages.refusedForCredentials(message)) {
                throw PullMessages.credentialsRefused(ref, registry, credential, message);
            }
            if (ref.digest() != null && PullMessages.unknownManifest(message)) {
                throw digestNotFound(ref, services, project, credential);
            }
            // the cause is left out: its message is the engine's, already scrubbed into this one
            throw new ReconcileException("pulling " + ref + " failed: " + message
                    + ". Nothing was stopped; the running version keeps serving.", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("pulling " + ref + " was interrupted; nothing was stopped", true, e);
        }
        LOG.info("pulled {} in {} ms", ref, (System.nanoTime() - started) / 1_000_000);
    }

    private static Duration pullTimeout(ProjectContext project) {
        return project.desired() == null ? ImagePins.DEFAULT_PULL_TIMEOUT : project.desired().spec().images().pullTimeout();
    }

    /**
     * One pull, bounded by {@code timeout}. When it does not finish in time (or the wait is interrupted),
     * the callback is closed: that drops the connection to the engine, which cancels the pull there, so
     * no pull of a hung registry lingers in the engine after shipshape gave up on it.
     */
    private boolean pullOnce(String repository, String tag, Optional<RegistryCredentials.Credential> credential,
                             Duration timeout) throws InterruptedException {
        PullImageCmd cmd = docker.pullImageCmd(repository).withTag(tag);
        credential.ifPresent(c -> cmd.withAuthConfig(new AuthConfig().withRegistryAddress(c.registry())
                .withUsername(c.username()).withPassword(c.password())));
        PullImageResultCallback callback = cmd.exec(new PullImageResultCallback());
        boolean finished = false;
        try {
            finished = callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return finished;
        } finally {
            if (!finished) {
                closeQuietly(callback);
            }
        }
    }

    private static void closeQuietly(PullImageResultCallback callback) {
        try {
            callback.close();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("closing an unfinished pull: {}", e.toString());
        }
    }

    /** After a pull by digest: the image's RepoDigests must hold repository@digest, else it is refused. */
    private void verify(ImageRef ref, List<ServiceImage> services, ProjectContext project) {
        String expected = ref.repository() + "@" + ref.digest();
        List<String> found;
        try {
            List<String> repoDigests = docker.inspectImageCmd(ref.pullReference()).exec().getRepoDigests();
            found = repoDigests == null ? List.of() : repoDigests;
        } catch (NotFoundException e) {
            found = List.of();
        } catch (DockerException e) {
            throw new ReconcileException("cannot inspect the pulled image " + ref + " to verify its digest: " + e.getMessage()
                    + ". Nothing was stopped.", true);
        }
        if (!found.contains(expected)) {
            List<String> ofRepository = found.stream().filter(d -> d.startsWith(ref.repository() + "@"))
                    .map(d -> d.substring(d.indexOf('@') + 1)).toList();
            throw new ReconcileException(PullMessages.servicesText(services) + ": the pulled image " + ref.repository()
                    + " does not have the pinned digest: expected " + ref.digest() + ", found "
                    + (ofRepository.isEmpty() ? "no digest of " + ref.repository() : String.join(", ", ofRepository))
                    + ". The image is refused and not started; nothing was stopped, the running version keeps serving. "
                    + PullMessages.fix(services, project), false);
        }
        LOG.info("verified {}: RepoDigests hold {}", ref, expected);
    }

    /** A pinned digest the registry does not have: says what the release's tag is there now, when it can. */
    private ReconcileException digestNotFound(ImageRef ref, List<ServiceImage> services, ProjectContext project,
                                              Optional<RegistryCredentials.Credential> credential) {
        String found = services.stream().map(ServiceImage::releaseTag).filter(t -> t != null).findFirst()
                .map(tag -> currentDigest(tag, credential, pullTimeout(project)).map(d -> d + " (the digest of " + tag + ")")
                        .orElse("nothing (" + tag + " cannot be pulled either)"))
                .orElse("nothing (the registry has no image with that digest)");
        return new ReconcileException(PullMessages.servicesText(services) + ": the registry has no image " + ref.repository() + "@"
                + ref.digest() + ": expected " + ref.digest() + ", found " + found
                + ". The image is refused and not started; nothing was stopped, the running version keeps serving. "
                + PullMessages.fix(services, project), false);
    }

    /** The digest {@code tag} has in its registry now, by pulling it (nothing is started from it). */
    private Optional<String> currentDigest(ImageRef tag, Optional<RegistryCredentials.Credential> credential,
                                           Duration timeout) {
        try {
            if (!pullOnce(tag.repository(), tag.tag(), credential, timeout)) {
                return Optional.empty();
            }
            List<String> digests = docker.inspectImageCmd(tag.taggedName()).exec().getRepoDigests();
            return digests == null ? Optional.empty() : digests.stream().filter(d -> d.startsWith(tag.repository() + "@"))
                    .map(d -> d.substring(d.indexOf('@') + 1)).findFirst();
        } catch (DockerException | DockerClientException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
