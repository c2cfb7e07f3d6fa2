package dev.shipshape.model.desired;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.shipshape.model.Version;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Where release packages come from: a URL template with {version}, and an optional checksum pin. */
public record Source(@JsonProperty(required = true) String url, String checksum) {
    private static final Pattern CHECKSUM = Pattern.compile("sha256:[0-9a-f]{64}");

    public Source {
        if (url == null || url.isBlank()) {
            throw new dev.shipshape.model.FieldException("url", "url is required, e.g. https://releases.example.com/server-linux-x64-{version}.zip");
        }
        String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
            throw new dev.shipshape.model.FieldException("url", "url must start with http://, https:// or file://, not '" + url + "'");
        }
        try {
            new URI(url.replace("{version}", "0.0.0"));
        } catch (URISyntaxException e) {
            throw new dev.shipshape.model.FieldException("url", "'" + url + "' is not a valid URL: " + e.getReason());
        }
        if (checksum != null) {
            checksum = checksum.trim().toLowerCase(Locale.ROOT);
            if (!CHECKSUM.matcher(checksum).matches()) {
                throw new dev.shipshape.model.FieldException("checksum", "checksum must be 'sha256:' followed by 64 hex digits");
            }
        }
    }

    public URI urlFor(Version version) {
        return URI.create(url.replace("{version}", version.toString()));
    }

    /** The pinned hex digest, or null when the {@code .sha256} file next to the package is to be used. */
    public String pinnedSha256() {
        return checksum == null ? null : checksum.substring("sha256:".length());
    }
}
