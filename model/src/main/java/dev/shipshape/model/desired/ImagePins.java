package dev.shipshape.model.desired;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code spec.images}: optional pins of services to image digests; optionally a file of registry
 * credentials ({@code credentialsFile}, relative to the desired file; a YAML
 * {@code registries: {<host[:port]>: {username: ..., password: ...}}}); an optional folder of image
 * tarballs ({@code docker save} format, relative to the desired file) and where missing images come from.
 */
public record ImagePins(Map<String, String> digests, String credentialsFile, String offline, ImagePullPolicy pull) {
    public static final ImagePins NONE = new ImagePins(Map.of());
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImagePins {
        digests = digests == null ? Map.of() : Map.copyOf(digests);
        digests.forEach(ImagePins::checkDigest);
        checkCredentialsFile(credentialsFile);
        checkOffline(offline);
        pull = pull == null ? ImagePullPolicy.ALWAYS_MISSING : pull;
    }

    public static void checkDigest(String service, String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new dev.shipshape.model.FieldException("digests." + service, "digest of service '" + service
                    + "' must be 'sha256:' followed by 64 lower-case hex digits, as `docker images --digests` shows it");
        }
    }

    public static void checkCredentialsFile(String credentialsFile) {
        if (credentialsFile != null && (credentialsFile.isBlank() || credentialsFile.indexOf('\0') >= 0)) {
            throw new dev.shipshape.model.FieldException("credentialsFile",
                    "credentialsFile must be the path of a YAML file of registry credentials, relative to this file");
        }
    }

    public static void checkOffline(String offline) {
        if (offline != null && (offline.isBlank() || offline.indexOf('\0') >= 0)) {
            throw new dev.shipshape.model.FieldException("offline", "offline must name a folder of image tarballs, relative to this file");
        }
    }

    public ImagePins(Map<String, String> digests) {
        this(digests, null, null, null);
    }
}
