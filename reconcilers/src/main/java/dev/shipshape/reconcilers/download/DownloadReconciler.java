package dev.shipshape.reconcilers.download;

import dev.shipshape.reconcilers.Failpoints;
import dev.shipshape.reconcilers.files.FileTrees;
import dev.shipshape.reconcilers.files.StateFiles;
import dev.shipshape.reconcilers.files.UnsafeStateException;

import dev.shipshape.model.Version;
import dev.shipshape.model.desired.Source;
import dev.shipshape.model.plan.DownloadRelease;
import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.PackageStore;
import dev.shipshape.reconcilers.ActionOutcome;
import dev.shipshape.reconcilers.ProjectContext;
import dev.shipshape.reconcilers.files.ProjectPaths;
import dev.shipshape.reconcilers.ReconcileException;
import dev.shipshape.reconcilers.Reconciler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Puts the package of a release into the package store: download, verify, extract. Idempotent:
 * a package already in the store is left alone; leftovers of an interrupted run are cleaned first.
 *
 * <p>A zip already in {@code downloads/} (a crash between download and extraction) is hashed
 * again and compared with the expected checksum before it is used: the file may be damaged or
 * planted since, and hashing a local file is much cheaper than fetching it again. A zip that does
 * not match is deleted and downloaded afresh. The zip is deleted once its package is in the store.
 * A partial download left by an interrupted transfer is resumed (see {@link ReleaseFetcher#fetch}).
 *
 * <p>With spec.source.publicKey, the expected checksum must carry the vendor's signature ({@code {url}.sig})
 * before anything is downloaded, reused or extracted; a refused signature also deletes what an earlier run
 * left under the package's name.
 */
public final class DownloadReconciler implements Reconciler<DownloadRelease> {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadReconciler.class);

    private final ReleaseFetcher fetcher;
    private final SafeExtractor extractor;

    public DownloadReconciler() {
        this(new ReleaseFetcher(), new SafeExtractor());
    }

    public DownloadReconciler(ReleaseFetcher fetcher, SafeExtractor extractor) {
        this.fetcher = fetcher;
        this.extractor = extractor;
    }

    @Override
    public Class<DownloadRelease> actionType() {
        return DownloadRelease.class;
    }

    @Override
    public ActionOutcome reconcile(DownloadRelease action, ProjectContext project) {
        try {
            download(action, project);
            return ActionOutcome.done();
        } catch (ReconcileException e) {
            // the source did not answer, the checksum or the package is refused
            return ActionOutcome.of(e);
        } catch (UnsafeStateException e) {
            // a link or someone else's file in downloads/ or packages/: a person must look, retrying cannot help
            return ActionOutcome.of(new ReconcileException(e.getMessage(), false, e));
        }
    }

    private void download(DownloadRelease action, ProjectContext project) {
        Version version = action.version();
        URI url = ReleaseUrls.resolve(action.url(), project.desired().baseDir());
        ProjectPaths paths = project.paths();
        if (new PackageStore(paths).dir(version).isPresent()) {
            LOG.debug("release {} of project {} is already in the package store", version, project.project());
            return;
        }
        String where = Redact.url(url);
        Path zip = paths.downloads().resolve(ReleaseUrls.zipName(url, version));
        cleanLeftovers(paths, version, zip);
        LOG.info("downloading release {} of project {} from {}", version, project.project(), where);

        Source source = project.desired().spec().source();
        Duration timeout = source.timeout();
        String expected = fetcher.expectedSha256(url, source.pinnedSha256(), timeout);
        if (source.signed()) {
            try {
                fetcher.verifySignature(url, expected, source.publicKey(), timeout);
            } catch (ReconcileException e) {
                if (!e.isTransient()) {
                    // Refused: nothing downloaded earlier under this name may be picked up later either.
                    deleteRefused(zip);
                    deleteRefused(ReleaseUrls.partFile(zip));
                }
                throw e;
            }
            LOG.info("the signature of release {} at {} is valid for sha256 {}", version,
                    Redact.url(ReleaseUrls.signatureUrl(url)), expected);
        }
        ReleaseFetcher.Fetched fetched = reuse(zip, expected);
        if (fetched == null) {
            fetched = fetcher.fetch(url, version, expected, zip, timeout);
        }
        Failpoints.reach(Failpoints.AFTER_DOWNLOAD);
        Path dir;
        try {
            dir = extractor.extract(fetched.file(), version, paths);
        } catch (ReconcileException e) {
            if (!e.isTransient()) {
                // A package that cannot be used (a broken zip, even one whose checksum matches) must not be
                // picked up again by the next run: it would fail the same way until the source is fixed.
                deleteRefused(fetched.file());
            }
            throw e;
        }
        try {
            Files.deleteIfExists(fetched.file());
        } catch (IOException e) {
            LOG.warn("release {} is installed, but its zip {} could not be deleted: {}", version, fetched.file(), e.toString());
        }
        LOG.info("release {} of project {} is in the package store at {} ({} bytes, sha256 {})",
                version, project.project(), dir, fetched.size(), fetched.sha256());
    }

    private static void deleteRefused(Path zip) {
        try {
            Files.deleteIfExists(zip);
        } catch (IOException e) {
            LOG.warn("could not delete the refused package {}: {}", zip, e.toString());
        }
    }

    /** A verified zip left by an earlier run, or null when there is none that matches. */
    private static ReleaseFetcher.Fetched reuse(Path zip, String expected) {
        try {
            // checked and read without following a link: a zip planted as one would have root hash (and log
            // the sha256 of) any file on the host
            if (!StateFiles.exists(zip)) {
                return null;
            }
            String actual;
            try (InputStream in = Channels.newInputStream(StateFiles.open(zip, StandardOpenOption.READ))) {
                MessageDigest digest = Sha256.newDigest();
                Sha256.update(digest, in);
                actual = Sha256.hex(digest);
            }
            if (actual.equals(expected)) {
                LOG.info("reusing {} downloaded earlier; its sha256 matches", zip.getFileName());
                return new ReleaseFetcher.Fetched(zip, Files.size(zip), actual);
            }
            LOG.warn("{} left by an earlier run has sha256 {}, not {}; downloading it again", zip.getFileName(), actual, expected);
            Files.delete(zip);
            return null;
        } catch (IOException e) {
            throw new ReconcileException("could not check " + zip + " left by an earlier download: " + e
                    + "; delete it and try again", true, e);
        }
    }

    /**
     * Removes what an interrupted run for this version left: unfinished extractions. A partial
     * download ({@code .part}) is kept: the fetcher resumes it, and its checksum covers the whole file.
     */
    private static void cleanLeftovers(ProjectPaths paths, Version version, Path zip) {
        try {
            if (StateFiles.folderExists(paths.packages())) {
                try (DirectoryStream<Path> dirs = Files.newDirectoryStream(paths.packages(),
                        p -> SafeExtractor.isTempFolderOf(p.getFileName().toString(), version))) {
                    for (Path dir : dirs) {
                        FileTrees.deleteRecursively(dir);
                        LOG.info("removed the unfinished extraction {} left by an interrupted run", dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new ReconcileException("could not remove leftovers of an earlier download of release " + version
                    + " in " + paths.stateDir() + ": " + e + "; check the permissions of that folder", true, e);
        }
    }
}
