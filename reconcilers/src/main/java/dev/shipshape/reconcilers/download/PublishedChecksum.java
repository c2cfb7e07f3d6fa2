package dev.shipshape.reconcilers.download;

import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.ReconcileException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/** The sha256 a package must have: its pin, or the digest its source publishes at {@code {url}.sha256}. */
final class PublishedChecksum {
    private final ReleaseOpener opener;

    PublishedChecksum(ReleaseOpener opener) {
        this.opener = opener;
    }

    /** The pin when there is one, else the published digest, fetched within {@code timeout} (null: none). */
    String expected(URI url, String pinnedSha256, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        if (pinnedSha256 != null) {
            return pinnedSha256.toLowerCase(Locale.ROOT);
        }
        URI sumUrl = ReleaseUrls.checksumUrl(url);
        String where = Redact.url(sumUrl);
        byte[] bytes;
        try (ReleaseBody body = opener.open(sumUrl, deadline, () -> new ReconcileException("there is no checksum file at " + where
                + "; publish one next to the package, or pin the checksum with spec.source.checksum: sha256:<64 hex digits>", false))) {
            bytes = body.stream().readNBytes(ChecksumFile.MAX_BYTES + 1);
        } catch (IOException e) {
            throw FetchFailures.io("could not read the checksum file " + where, sumUrl, e);
        }
        if (bytes.length > ChecksumFile.MAX_BYTES) {
            throw new ReconcileException(where + " is larger than " + ChecksumFile.MAX_BYTES
                    + " bytes, so it is not a sha256 checksum file; check spec.source.url", false);
        }
        try {
            return ChecksumFile.parse(new String(bytes, StandardCharsets.UTF_8), where);
        } catch (IllegalArgumentException e) {
            throw new ReconcileException(e.getMessage(), false, e);
        }
    }
}
