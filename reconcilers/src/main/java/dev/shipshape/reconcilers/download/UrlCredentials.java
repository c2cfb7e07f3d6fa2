package dev.shipshape.reconcilers.download;

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

    /** {@code message} (text from the network stack, which may quote the URL) with the credentials of {@code url} masked. */
    public static String hide(String message, URI url) {
        if (!present(url)) {
            return message;
        }
        return message.replace(url.getRawUserInfo(), "***").replace(url.getUserInfo(), "***");
    }
}
