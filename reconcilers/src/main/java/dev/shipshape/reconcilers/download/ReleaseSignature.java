package dev.shipshape.reconcilers.download;

import dev.shipshape.model.desired.ReleaseKey;
import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.ReconcileException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;

/**
 * The vendor's signature of a package, published at {@code {url}.sig}: the base64 of the 64-byte Ed25519
 * signature of the 64 lower-case hex digits of the zip's sha256 (ASCII, no newline).
 *
 * <p>The signature covers the digest, not the zip: Ed25519 must see its whole message before it can
 * verify, so signing the zip would hold up to 2 GiB in memory; the sha256 is already computed while the zip
 * streams and compared before the zip is used, so a valid signature of it vouches for every byte. It is
 * produced with {@code printf %s "$(sha256sum pkg.zip | cut -c1-64)" > pkg.zip.sha256hex && openssl pkeyutl
 * -sign -rawin -inkey signing-key.pem -in pkg.zip.sha256hex | base64 -w0 > pkg.zip.sig}.
 */
final class ReleaseSignature {
    /** A base64 signature is 88 characters; room for line breaks, far less than an HTML error page. */
    static final int MAX_BYTES = 1024;

    private final ReleaseOpener opener;

    ReleaseSignature(ReleaseOpener opener) {
        this.opener = opener;
    }

    /**
     * Checks that {@code {url}.sig} is a signature of {@code sha256} (lower-case hex) by {@code publicKey}, the
     * key as written in spec.source.publicKey. Throws a permanent {@link ReconcileException} saying what to do
     * when it is missing, unreadable or not valid; a source that does not answer is reported as such.
     */
    void verify(URI url, String sha256, String publicKey, Duration timeout) {
        PublicKey key = ReleaseKey.parse(publicKey);
        URI sigUrl = ReleaseUrls.signatureUrl(url);
        String where = Redact.url(sigUrl);
        byte[] bytes;
        try (ReleaseBody body = opener.open(sigUrl, Deadline.after(timeout), () -> refused("there is no signature at " + where
                + ": spec.source.publicKey requires every package to be signed"))) {
            bytes = body.stream().readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw FetchFailures.io("could not read the signature " + where, sigUrl, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw refused(where + " is larger than " + MAX_BYTES + " bytes, so it is not a signature");
        }
        byte[] signature;
        try {
            signature = Base64.getMimeDecoder().decode(new String(bytes, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw refused(where + " is not base64");
        }
        if (signature.length != 64) {
            throw refused(where + " decodes to " + signature.length + " bytes, not the 64 of an Ed25519 signature");
        }
        boolean valid;
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(key);
            ed.update(sha256.getBytes(StandardCharsets.US_ASCII));
            valid = ed.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw refused("the signature at " + where + " does not match the package's sha256 " + sha256
                    + " and spec.source.publicKey: the package was altered, or signed with another key");
        }
    }

    private static ReconcileException refused(String what) {
        return new ReconcileException(what + "; the package was refused and nothing of it is kept or installed. Ask the "
                + "vendor for a package signed with the key in spec.source.publicKey (the .sig file holds the base64 Ed25519 "
                + "signature of the zip's sha256 in hex), or check that publicKey is the vendor's current key", false);
    }
}
