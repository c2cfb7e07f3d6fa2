package dev.shipshape.controller.source.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Git repository with a working tree in a temp folder, served to the controller as file://. */
public final class GitTestRepo implements AutoCloseable {
    private static final PersonIdent AUTHOR = new PersonIdent("shipshape test", "test@example.invalid");

    public final Path dir;
    private final Git git;

    private GitTestRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    public static GitTestRepo init(Path dir) {
        try {
            return new GitTestRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "file://" + dir.toAbsolutePath();
    }

    /** Writes {@code path} in the working tree only: an uncommitted edit. */
    public void write(String path, String text) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes and commits {@code path}; returns the commit id. */
    public String commit(String path, String text, String message) {
        write(path, text);
        try {
            git.add().addFilepattern(path).call();
            return commit(message);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes and commits {@code path}; returns the commit id. */
    public String delete(String path, String message) {
        try {
            git.rm().addFilepattern(path).call();
            return commit(message);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    private String commit(String message) throws GitAPIException {
        return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call().name();
    }

    @Override
    public void close() {
        git.close();
    }
}
