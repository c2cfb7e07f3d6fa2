package dev.shipshape.controller.status;

import java.time.Instant;

/**
 * A notification target's last delivery, as status shows it.
 *
 * @param target the target's name ({@code webhook:hooks.example.com}); never a URL's path or a token
 * @param result {@code sent}; {@code retrying} after a failed attempt that is tried again; {@code failed} once its
 *               retries ran out
 * @param error  why it failed (null when sent), free of secrets
 */
public record NotificationStatus(String target, String result, Instant at, String error) {
    public boolean failed() {
        return !"sent".equals(result);
    }
}
