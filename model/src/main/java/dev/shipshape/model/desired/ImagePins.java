package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code spec.images}: optional pins of services to image digests; optionally a file of registry
 * credentials ({@code credentialsFile}, relative to the desired file; a YAML
 * {@code registries: {<host[:port]>: {username: ..., password: ...}}}); an optional folder of image
 * tarballs ({@code docker save} format, relative to the desired file) and where missing images come from.
 *
 * @param pullTimeout the longest one pull of one image may take before it is cancelled (a registry
 *                    that accepts the connection and never answers would otherwise hold the rollout);
 *                    default {@link #DEFAULT_PULL_TIMEOUT}
 */
public record ImagePins(Map<String, String> digests, String credentialsFile, String offline, ImagePullPolicy pull,
                        Duration pullTimeout) {
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(30);
    public static final ImagePins NONE = new ImagePins(Map.of());
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImagePins {
        digests = digests == null ? Map.of() : Map.copyOf(digests);
        digests.forEach(ImagePins::checkDigest);
        checkCredentialsFile(credentialsFile);
        checkOffline(offline);
        pull = pull == null ? ImagePullPolicy.ALWAYS_MISSING : pull;
        pullTimeout = pullTimeout == null ? DEFAULT_PULL_TIMEOUT : pullTimeout;
        TimeoutField.check("pullTimeout", pullTimeout, "10m");
    }

    public ImagePins(Map<String, String> digests, String credentialsFile, String offline, ImagePullPolicy pull) {
        this(digests, credentialsFile, offline, pull, null);
    }

    @JsonCreator
    static ImagePins fromYaml(@JsonProperty("digests") Map<String, String> digests,
                              @JsonProperty("credentialsFile") String credentialsFile,
                              @JsonProperty("offline") String offline,
                              @JsonProperty("pull") ImagePullPolicy pull,
                              @JsonProperty("pullTimeout") String pullTimeout) {
        return new ImagePins(digests, credentialsFile, offline, pull, pullTimeout == null ? null : parsePullTimeout(pullTimeout));
    }

    /** Parses and range-checks a pull timeout as written, or throws a FieldException naming it. */
    public static Duration parsePullTimeout(String text) {
        return TimeoutField.parse("pullTimeout", text, "10m");
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
        this(digests, null, null, null, null);
    }
}
