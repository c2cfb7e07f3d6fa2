package dev.shipshape.controller.release;

import dev.shipshape.model.ShipshapeException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Signs a package the way the download side verifies it (README, "Signing a package"): the base64
 * Ed25519 signature of the 64 lower-case hex digits of the zip's sha256. The digest is signed, not
 * the zip, because Ed25519 must hold its whole message; the zip is accepted only with that digest.
 */
final class PackageSigner {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private final PrivateKey key;

    private PackageSigner(PrivateKey key) {
        this.key = key;
    }

    /** @param pem what {@code openssl genpkey -algorithm ed25519} writes (PKCS#8) */
    static PackageSigner fromPem(String pem, String source) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new ShipshapeException(source + " is not a PEM private key (no " + BEGIN + " block); make one with"
                    + " 'openssl genpkey -algorithm ed25519 -out signing-key.pem'");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
            return new PackageSigner(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new ShipshapeException(source + " is not an Ed25519 private key (" + e.getMessage() + "); shipshape"
                    + " verifies Ed25519 signatures only: make a key with 'openssl genpkey -algorithm ed25519'");
        }
    }

    /** The text of {@code <zip>.sig}: base64, no newline, as the download side reads it. */
    String sign(String sha256Hex) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(sha256Hex.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new ShipshapeException("cannot sign with the Ed25519 key: " + e.getMessage(), e);
        }
    }
}
