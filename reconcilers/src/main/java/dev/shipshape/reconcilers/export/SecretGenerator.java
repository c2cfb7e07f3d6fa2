package dev.shipshape.reconcilers.export;

import dev.shipshape.model.release.SecretSpec;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Makes new secret values. Values are returned to the caller only; this class never logs or keeps them. */
public final class SecretGenerator {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    /** password: letters and digits, hex: hex digits, both {@code length} characters; base64: of {@code length} random bytes. */
    public String generate(SecretSpec spec) {
        int length = spec.length();
        return switch (spec.type()) {
            case PASSWORD -> {
                StringBuilder sb = new StringBuilder(length);
                for (int i = 0; i < length; i++) {
                    // nextInt(bound) is uniform, so every character is equally likely.
                    sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
                }
                yield sb.toString();
            }
            case HEX -> {
                byte[] bytes = new byte[(length + 1) / 2];
                random.nextBytes(bytes);
                yield HexFormat.of().formatHex(bytes).substring(0, length);
            }
            case BASE64 -> {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                yield Base64.getEncoder().encodeToString(bytes);
            }
        };
    }
}
