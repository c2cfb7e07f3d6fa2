package dev.shipshape.reconcilers.download;

import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.ReconcileException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens an http or https release URL with a GET, from a byte on when a partial download is continued,
 * and says what an answer other than the bytes means. The body is read under an idle time-out.
 */
final class HttpOpener {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final Supplier<HttpClient> client;
    // Credentials in a URL must not travel to wherever a redirect points, so such requests don't follow any.
    private final Supplier<HttpClient> clientWithoutRedirects;

    HttpOpener(Duration requestTimeout, Duration idleTimeout, Supplier<HttpClient> client,
               Supplier<HttpClient> clientWithoutRedirects) {
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
        this.client = client;
        this.clientWithoutRedirects = clientWithoutRedirects;
    }

    /** Clients built on first use, with {@code connectTimeout}. */
    static HttpOpener lazy(Duration connectTimeout, Duration requestTimeout, Duration idleTimeout) {
        return new HttpOpener(requestTimeout, idleTimeout, LazyHttpClient.of(connectTimeout, HttpClient.Redirect.NORMAL),
                LazyHttpClient.of(connectTimeout, HttpClient.Redirect.NEVER));
    }

    /** Opens {@code url}, asking for the bytes from {@code from} on when it is positive. */
    ReleaseBody open(URI url, long from, Deadline deadline, Supplier<ReconcileException> notFound) throws IOException {
        String where = Redact.url(url);
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(deadline.cap(requestTimeout)).GET()
                .header("User-Agent", "shipshape");
        UrlCredentials.target(request, url);
        HttpClient http = UrlCredentials.present(url) ? clientWithoutRedirects.get() : client.get();
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("the download from " + where + " was interrupted; nothing was installed", true, e);
        } catch (IllegalArgumentException e) {
            throw new ReconcileException(where + " is not a URL shipshape can fetch; check spec.source.url", false, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
            return new ReleaseBody(new IdleTimeoutInputStream(response.body(), idleTimeout, deadline), length);
        }
        if (status == 206 && from > 0) {
            Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (range.matches() && Long.parseLong(range.group(1)) == from) {
                long total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
                return new ReleaseBody(new IdleTimeoutInputStream(response.body(), idleTimeout, deadline), from, total);
            }
            // Not the range asked for: start over rather than splice bytes from somewhere else.
            response.body().close();
            return open(url, 0, deadline, notFound);
        }
        response.body().close();
        if (status == 416 && from > 0) {
            // The part is as long as the file or longer: it cannot be continued, so start over.
            return open(url, 0, deadline, notFound);
        }
        throw refused(status, where, notFound);
    }

    /** What an answer that brings no bytes means: not found, no access, a redirect not followed, or a server problem. */
    private static ReconcileException refused(int status, String where, Supplier<ReconcileException> notFound) {
        if (status == 404 || status == 410) {
            return notFound.get();
        }
        if (status == 401 || status == 403) {
            return new ReconcileException(where + " refused access (HTTP " + status
                    + "); check the credentials the release server expects", false);
        }
        if (status >= 300 && status < 400) {
            return new ReconcileException(where + " redirected (HTTP " + status + ") to an address shipshape does not follow "
                    + "(https to http, or any redirect when the URL carries credentials); put the final address in spec.source.url", false);
        }
        boolean retry = status >= 500 || status == 408 || status == 429;
        return new ReconcileException(where + " answered HTTP " + status
                + (retry ? "; the release server has a problem, will try again" : "; check spec.source.url"), retry);
    }
}
