package dev.shipshape.controller.status;

import dev.shipshape.model.ShipshapeException;

/**
 * The message of a failure that may be shown in status and metrics. Only {@link ShipshapeException}
 * messages are written to be free of secrets; any other exception's message might echo a request,
 * an environment or a URL with credentials, so only its type is shown and the log has the rest.
 */
public final class SafeMessage {
    private SafeMessage() {
    }

    public static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ShipshapeException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return "unexpected " + error.getClass().getSimpleName() + "; see the controller log for details";
    }
}
