package dev.shipshape.reconcilers.download;

import dev.shipshape.reconcilers.ReconcileException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;

/** Says what an I/O failure of a download means, without the credentials its URL may carry. */
final class FetchFailures {
    private FetchFailures() {
    }

    /** A transient failure of {@code what}: time-out, no connection, or the stack's own words. */
    static ReconcileException io(String what, URI url, IOException e) {
        String reason;
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) {
            reason = "timed out (" + sanitize(e.getMessage(), url) + ")";
        } else if (e instanceof ConnectException) {
            reason = "could not connect";
        } else {
            // a plain IOException's message is the whole story (see PackageTransfer.read); another type's name adds to it
            reason = e.getClass() == IOException.class && e.getMessage() != null ? sanitize(e.getMessage(), url)
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + sanitize(e.getMessage(), url));
        }
        // The cause's own text may quote a URL with credentials, and loggers print causes.
        return new ReconcileException(what + ": " + reason + "; nothing was installed, will try again", true,
                UrlCredentials.secretIn(url) ? null : e);
    }

    // Exception texts from the network stack may quote the URL; keep credentials out of them.
    private static String sanitize(String message, URI url) {
        return message == null ? "" : UrlCredentials.hide(message, url);
    }
}
