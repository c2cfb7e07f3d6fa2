package dev.shipshape.controller.notify;

import dev.shipshape.model.desired.NotifyTarget;
import dev.shipshape.model.events.ServerEvent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** An HTTP POST per event; any 2xx answer is a delivery. The URL's path and query may hold a token: never shown. */
final class WebhookTarget implements Target {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String name;
    private final NotifyTarget target;
    private final URI url;
    private final Path headersFile;

    WebhookTarget(String name, NotifyTarget target, Path baseDir) {
        this.name = name;
        this.target = target;
        this.url = URI.create(target.webhook().url().strip());
        this.headersFile = target.webhook().headersFile() == null ? null
                : baseDir.resolve(target.webhook().headersFile()).normalize();
    }

    /** {@code https://host:port}: what may be shown of the URL. */
    static String shownHost(URI url) {
        return url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wants(ServerEvent event) {
        return target.wants(event.kind());
    }

    @Override
    public void deliver(ServerEvent event) throws DeliveryException {
        NotifyTarget.WebhookFormat format = target.webhook().format();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", EventBodies.contentType(format))
                .header("User-Agent", "shipshape")
                .POST(HttpRequest.BodyPublishers.ofString(EventBodies.webhook(format, event), StandardCharsets.UTF_8));
        if (format == NotifyTarget.WebhookFormat.NTFY) {
            EventBodies.ntfyHeaders(event).forEach(request::header);
        }
        if (headersFile != null) {
            Map<String, String> headers = SecretFile.headers(headersFile, "headersFile");
            try {
                headers.forEach(request::setHeader);
            } catch (IllegalArgumentException e) {
                throw new DeliveryException("headersFile " + headersFile + " holds a header the HTTP client refuses; check"
                        + " its names and values (not shown here)");
            }
        }
        HttpResponse<Void> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(shownHost(url) + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new DeliveryException("cannot POST to " + shownHost(url) + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to " + shownHost(url));
        }
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryException(shownHost(url) + " answered HTTP " + response.statusCode());
        }
    }
}
