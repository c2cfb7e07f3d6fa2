package dev.shipshape.reconcilers.export;

import dev.shipshape.model.InvalidInputException;
import dev.shipshape.model.Yaml;
import dev.shipshape.model.YamlTree;
import dev.shipshape.model.config.ConfigTree;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Parses the two secret files. Parser messages can quote the offending text, which here is a
 * secret, so errors are rebuilt from the position alone and never carry the original as cause.
 */
final class SecretYaml {
    private SecretYaml() {
    }

    /** generated-secret.yaml: plain YAML, dotted or nested keys. */
    static Map<String, Object> parseGenerated(String fileName, byte[] bytes) {
        String text = utf8(fileName, bytes, "Restore it from a backup; its values must be kept byte for byte.");
        return ConfigTree.expandDottedKeys(fileName, parse(fileName, text,
                "Fix that line by hand (its values must be kept as they are)."));
    }

    /** user-secret: base64 of a YAML document (as {@code base64 -w0 secrets.yaml > user-secret} writes it). */
    static Map<String, Object> parseUserSecret(String fileName, byte[] bytes) {
        return ConfigTree.expandDottedKeys(fileName, parseUserSecretRaw(fileName, bytes));
    }

    /** user-secret as written, without expanding dotted keys (registry hosts such as 127.0.0.1:5000 have dots). */
    static Map<String, Object> parseUserSecretRaw(String fileName, byte[] bytes) {
        byte[] decoded;
        try {
            // Line-wrapped base64 (plain `base64` wraps at 76 columns) is fine: whitespace is not content.
            String compact = new String(bytes, StandardCharsets.US_ASCII).replaceAll("\\s+", "");
            decoded = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(fileName, null,
                    "is not valid base64 (content not shown: it holds secrets). It must be base64 of a YAML document:"
                            + " write the YAML to a file and run `base64 -w0 secrets.yaml > user-secret`.");
        }
        String text = utf8(fileName, decoded,
                "Write the secrets as UTF-8 YAML and encode them again with `base64 -w0 secrets.yaml > user-secret`.");
        return parse(fileName + " (decoded)", text,
                "Decode it with `base64 -d user-secret > secrets.yaml`, fix the YAML, and encode it again with"
                        + " `base64 -w0 secrets.yaml > user-secret`.");
    }

    /** A plain YAML file of secrets (such as spec.images.credentialsFile), without expanding dotted keys. */
    static Map<String, Object> parsePlain(String fileName, byte[] bytes) {
        String text = utf8(fileName, bytes, "Save it as UTF-8 YAML.");
        return parse(fileName, text, "Fix the YAML (details not shown: the file holds secrets).");
    }

    private static Map<String, Object> parse(String fileName, String text, String fix) {
        // An alias or a second document is refused like everywhere; that problem quotes nothing of the file, so it is told.
        if (text.length() <= Yaml.MAX_DOCUMENT_CHARS) {
            YamlTree.refused(text).ifPresent(p -> {
                throw new InvalidInputException(fileName, p.line(), p.column(), null, p.message() + ". " + fix);
            });
        }
        try {
            return Yaml.readTree(fileName, text);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(fileName, e.line(), e.column(), null,
                    "is not a valid YAML mapping of keys to values (details not shown: the file holds secrets). " + fix);
        }
    }

    private static String utf8(String fileName, byte[] bytes, String fix) {
        return Utf8.decode(bytes).orElseThrow(() -> new InvalidInputException(fileName, null, "is not UTF-8 text. " + fix));
    }
}
