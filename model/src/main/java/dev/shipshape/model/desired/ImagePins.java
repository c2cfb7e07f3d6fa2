package dev.shipshape.model.desired;

import java.util.Map;
import java.util.regex.Pattern;

/** Optional pins of services to image digests. */
public record ImagePins(Map<String, String> digests) {
    public static final ImagePins NONE = new ImagePins(Map.of());
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public ImagePins {
        digests = digests == null ? Map.of() : Map.copyOf(digests);
        digests.forEach((service, digest) -> {
            if (digest == null || !DIGEST.matcher(digest).matches()) {
                throw new dev.shipshape.model.FieldException("digests." + service, "digest of service '" + service + "' must be 'sha256:' followed by 64 hex digits");
            }
        });
    }
}
