package dev.shipshape.reconcilers.download;

import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.ReconcileException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/** Opens a release URL by its scheme: a local file, or an http or https address. */
final class ReleaseOpener {
    private final HttpOpener http;

    ReleaseOpener(HttpOpener http) {
        this.http = http;
    }

    ReleaseBody open(URI url, Deadline deadline, Supplier<ReconcileException> notFound) throws IOException {
        return open(url, 0, deadline, notFound);
    }

    /**
     * Opens {@code url}, asking for the bytes from {@code from} on when it is positive and the scheme allows it;
     * {@code notFound} makes the exception for a package that is not there.
     */
    ReleaseBody open(URI url, long from, Deadline deadline, Supplier<ReconcileException> notFound) throws IOException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file":
                return openFile(url, notFound);
            case "http":
            case "https":
                return http.open(url, from, deadline, notFound);
            default:
                throw new ReconcileException("cannot download from " + Redact.url(url)
                        + ": only http://, https:// and file:// URLs are supported", false);
        }
    }

    private static ReleaseBody openFile(URI url, Supplier<ReconcileException> notFound) throws IOException {
        Path file;
        try {
            file = Path.of(url);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new ReconcileException(Redact.url(url) + " is not a local file URL; write it as file:///absolute/path", false, e);
        }
        try {
            return new ReleaseBody(Files.newInputStream(file), Files.size(file));
        } catch (NoSuchFileException e) {
            throw notFound.get();
        } catch (AccessDeniedException e) {
            throw new ReconcileException("shipshape may not read " + file + "; check its permissions", false, e);
        }
    }
}
