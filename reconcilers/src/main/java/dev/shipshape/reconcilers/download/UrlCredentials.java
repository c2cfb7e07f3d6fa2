package dev.shipshape.reconcilers.download;

import dev.shipshape.model.plan.Redact;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * User and password written into a release URL ({@code https://user:secret@host/...}): sent as HTTP basic
 * authentication instead of in the address, and kept out of every text shipshape shows.
 */
public final class UrlCredentials {
    private UrlCredentials() {
    }

    /** Whether {@code url} carries credentials; such a request must not follow redirects. */
    public static boolean present(URI url) {
        return url.getRawUserInfo() != null;
    }

    /** Aims {@code request} at {@code url}, its credentials taken out of the address into an Authorization header. */
    public static HttpRequest.Builder target(HttpRequest.Builder request, URI url) {
        if (!present(url)) {
            return request.uri(url);
        }
        request.uri(URI.create(url.toString().replaceFirst(Pattern.quote(url.getRawUserInfo() + "@"), "")));
        return request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code message} (text from the network stack, which may quote the URL) with the credentials of {@code url}
     * masked, and the values of its query string, where a pre-signed URL carries its token (see {@link Redact#url}).
     */
    public static String hide(String message, URI url) {
        String out = message;
        if (present(url)) {
            out = out.replace(url.getRawUserInfo(), Redact.MASK).replace(url.getUserInfo(), Redact.MASK);
        }
        if (url.getRawQuery() != null) {
            String redacted = Redact.url(url);
            String maskedQuery = redacted.substring(redacted.indexOf('?'));
            // With its '?': a short query must not mask every occurrence of its text in the message.
            out = out.replace("?" + url.getRawQuery(), maskedQuery).replace("?" + url.getQuery(), maskedQuery);
        }
        return out;
    }

    /** Whether {@code url} holds anything {@link #hide} masks: texts that quote it must not be shown unfiltered. */
    public static boolean secretIn(URI url) {
        return present(url) || url.getRawQuery() != null;
    }
}
