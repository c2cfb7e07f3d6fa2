package dev.shipshape.model.desired;

import dev.shipshape.model.FieldException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Ed25519 public key of {@code spec.source.publicKey}, which the release's vendor signs packages
 * with. Written either as the base64 of the raw 32-byte key ({@code openssl pkey -in key.pem -pubout
 * -outform DER | tail -c 32 | base64}) or as a PEM {@code PUBLIC KEY} block
 * ({@code openssl pkey -in key.pem -pubout}). Pure parsing: the JDK's own provider ("Ed25519") decodes
 * it, so there is no crypto library to trust besides the JDK.
 */
public final class ReleaseKey {
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows it. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    private static final String FORMAT = "write the base64 of the raw 32-byte Ed25519 key, or the PEM block "
            + "'openssl pkey -in signing-key.pem -pubout' prints (-----BEGIN PUBLIC KEY----- ...)";

    private ReleaseKey() {
    }

    /** The key, or a {@link FieldException} naming {@code publicKey} that says which format is expected. */
    public static PublicKey parse(String text) {
        String t = text.strip();
        byte[] der;
        try {
            if (t.startsWith(PEM_BEGIN)) {
                int end = t.indexOf(PEM_END);
                if (end < 0) {
                    throw refused("the PEM block has no '" + PEM_END + "' line");
                }
                der = Base64.getMimeDecoder().decode(t.substring(PEM_BEGIN.length(), end));
            } else {
                byte[] raw = Base64.getDecoder().decode(t.replaceAll("\\s", ""));
                if (raw.length != 32) {
                    throw refused("it decodes to " + raw.length + " bytes, not the 32 of a raw Ed25519 key");
                }
                der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
                System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof FieldException f) {
                throw f;
            }
            throw refused("it is not valid base64");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            // An RSA or EC key in PEM lands here too: only Ed25519 is accepted.
            throw refused("it is not an Ed25519 public key");
        }
    }

    /** The key text as written (stripped), once it parses; null stays null. */
    public static String check(String text) {
        if (text == null) {
            return null;
        }
        parse(text);
        return text.strip();
    }

    private static FieldException refused(String why) {
        return new FieldException("publicKey", "publicKey is not an Ed25519 public key: " + why + "; " + FORMAT);
    }
}
