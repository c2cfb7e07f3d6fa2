package dev.shipshape.controller.source.git;

import dev.shipshape.controller.status.AppliedCommit;
import dev.shipshape.model.plan.Redact;
import dev.shipshape.model.Yaml;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The controller's own clone of the followed branch: a bare repository in {@code <stateDir>/repo}
 * (no working tree, so nobody's uncommitted edit can ever be read), fetched again and again, never
 * cloned afresh unless it cannot be opened or read (then it is deleted and fetched anew, with a
 * warning). Only {@code refs/remotes/origin/<branch>} is fetched.
 */
final class LocalClone implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalClone.class);

    private final GitSettings settings;
    private final GitTransport transport;
    private final Path dir;
    /** Replaced only by a re-clone; reads go on while a fetch runs (JGit updates refs atomically). */
    private volatile Repository repo;

    private LocalClone(GitSettings settings, GitTransport transport) {
        this.settings = settings;
        this.transport = transport;
        this.dir = settings.stateDir().resolve("repo");
    }

    /** Opens the existing clone, or makes a new one (no network yet: {@link #fetch()} does that). */
    static LocalClone open(GitSettings settings, GitTransport transport) {
        LocalClone clone = new LocalClone(settings, transport);
        clone.repo = clone.openOrInit();
        return clone;
    }

    Path dir() {
        return dir;
    }

    private Repository openOrInit() {
        if (Files.isDirectory(dir)) {
            try {
                if (!RepositoryCache.FileKey.isGitRepository(dir.toFile(), FS.DETECTED)) {
                    throw new IOException("it is not a Git repository (objects, refs or HEAD are missing)");
                }
                Repository existing = new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
                existing.getRefDatabase().getRefs(); // reads the refs: a clone missing them is corrupt
                String url = existing.getConfig().getString("remote", "origin", "url");
                if (!settings.url().equals(url)) {
                    existing.close();
                    throw new GitSourceException("the clone in " + dir + " follows " + url + ", not " + settings.url()
                            + "; give another --state-dir, or delete " + dir + " to clone " + settings.url() + " there");
                }
                return existing;
            } catch (IOException | RuntimeException e) {
                if (e instanceof GitSourceException g) {
                    throw g;
                }
                LOG.warn("the clone in {} cannot be opened ({}); deleting it and cloning again", dir, e.toString());
                deleteClone();
            }
        }
        return init();
    }

    private Repository init() {
        try {
            Files.createDirectories(dir.getParent());
            Repository r = Git.init().setBare(true).setDirectory(dir.toFile()).call().getRepository();
            StoredConfig config = r.getConfig();
            RemoteConfig origin = new RemoteConfig(config, "origin");
            origin.addURI(new URIish(settings.url()));
            origin.addFetchRefSpec(new RefSpec("+refs/heads/" + settings.branch() + ":" + remoteRef()));
            origin.update(config);
            config.save();
            LOG.info("new clone of {} in {}", settings.url(), dir);
            return r;
        } catch (IOException | GitAPIException | URISyntaxException e) {
            throw new GitSourceException("cannot create the clone in " + dir + ": " + e.getMessage()
                    + "; check that the state folder is writable (--state-dir)", e);
        }
    }

    private String remoteRef() {
        return "refs/remotes/origin/" + settings.branch();
    }

    /** Fetches the branch; a clone found corrupt is cloned again once. */
    synchronized void fetch() {
        try {
            fetchOnce();
        } catch (GitFetchException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("the clone in {} is damaged ({}); deleting it and cloning again", dir, e.toString());
            repo.close();
            deleteClone();
            repo = init();
            fetchOnce();
        }
    }

    private void fetchOnce() {
        try (Git git = new Git(repo)) {
            transport.configure(git.fetch().setRemote("origin")).call();
        } catch (TransportException e) {
            if (String.valueOf(e.getMessage()).contains("Remote does not have refs/heads/")) {
                throw new GitFetchException("the repository " + settings.url() + " has no branch " + settings.branch()
                        + "; check --branch", e);
            }
            throw new GitFetchException("cannot fetch branch " + settings.branch() + " of " + settings.url() + ": "
                    + e.getMessage() + "; the last fetched commit stays in use", e);
        } catch (InvalidRemoteException e) {
            throw new GitFetchException("cannot fetch branch " + settings.branch() + " of " + settings.url() + ": "
                    + e.getMessage() + "; the last fetched commit stays in use", e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (head().isEmpty()) {
            throw new GitFetchException("the repository " + settings.url() + " has no branch " + settings.branch()
                    + "; check --branch", null);
        }
    }

    /** The fetched head of the branch, or empty before the first successful fetch. */
    Optional<ObjectId> head() {
        try {
            Ref ref = repo.exactRef(remoteRef());
            return ref == null ? Optional.empty() : Optional.of(ref.getObjectId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code id} names a commit of this clone (a last good commit may be gone after a re-clone). */
    boolean hasCommit(ObjectId id) {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.parseCommit(id);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The desired file as committed in {@code id}: the commit's tree, never a working directory. */
    CommitFile read(ObjectId id) {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(id);
            // A committer chooses the subject: no control characters (ANSI escapes would reach `shipshape status`).
            AppliedCommit info = new AppliedCommit(commit.name(), Instant.ofEpochSecond(commit.getCommitTime()),
                    subject(commit.getShortMessage()), settings.branch(), settings.path());
            try (TreeWalk tree = TreeWalk.forPath(repo, settings.path(), commit.getTree())) {
                if (tree == null) {
                    return new CommitFile(info, null, "there is no file " + settings.path() + " in this commit");
                }
                FileMode mode = tree.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    return new CommitFile(info, null, settings.path() + " is not a regular file in this commit"
                            + " (a folder, symbolic link or submodule is not followed)");
                }
                byte[] bytes = repo.open(tree.getObjectId(0)).getCachedBytes(Yaml.MAX_DOCUMENT_CHARS * 4);
                return new CommitFile(info, utf8(bytes), null);
            } catch (LargeObjectException e) {
                return new CommitFile(info, null, settings.path() + " is too large to be a desired file");
            } catch (CharacterCodingException e) {
                return new CommitFile(info, null, settings.path() + " is not UTF-8 text");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + id.name() + " from the clone in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private void deleteClone() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new GitSourceException("cannot delete the damaged clone in " + dir + ": " + e.getMessage()
                    + "; delete it by hand", e);
        }
    }

    @Override
    public synchronized void close() {
        repo.close();
    }

    /** At most 200 characters of the subject, without control characters. */
    static String subject(String shortMessage) {
        String s = Redact.controls(shortMessage == null ? "" : shortMessage).strip();
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
