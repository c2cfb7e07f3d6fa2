package dev.shipshape.controller.loop;

import dev.shipshape.model.ShipshapeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * A Throwable no pass handled (a StackOverflowError, an OutOfMemoryError, a bug). Left to the worker's
 * executor it would vanish: no status, no backoff, and a loop that looks alive while nothing is
 * reconciled. It becomes a failed pass instead.
 */
final class EscapedErrors {
    private static final Logger LOG = LoggerFactory.getLogger(EscapedErrors.class);

    private EscapedErrors() {
    }

    /** Logs {@code t} and hands {@code failed} (when not null) the failure to report as the pass's. */
    static void report(Throwable t, Consumer<RuntimeException> failed) {
        // Only the type in the message and at ERROR: an error's message is not known to be free of secrets.
        LOG.error("the reconciliation ended with an unexpected {}; it is retried with backoff"
                + " (SHIPSHAPE_LOG_LEVEL=DEBUG logs its stack trace)", t.getClass().getName());
        LOG.debug("unexpected error in a reconciliation", t);
        if (failed == null) {
            return;
        }
        try {
            failed.accept(new ShipshapeException("the reconciliation ended with an unexpected " + t.getClass().getSimpleName()
                    + "; it is retried with backoff; see the controller log", t));
        } catch (Throwable reporting) {
            // The status could not be written: the retry below still happens.
            LOG.error("reporting the failed reconciliation failed too ({})", reporting.getClass().getName());
        }
    }
}
