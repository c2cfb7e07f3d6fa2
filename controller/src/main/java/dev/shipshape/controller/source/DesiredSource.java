package dev.shipshape.controller.source;

/**
 * Where the control loop gets the desired state from: a file on disk, or a file in a Git branch.
 * The loop stays level-triggered: it calls {@link #read()} at the start of every pass and never
 * trusts what woke it; a source only tells it, through the callback given to {@link #start}, that
 * looking again is worthwhile.
 */
public interface DesiredSource extends AutoCloseable {
    /**
     * The desired state to reconcile now. Local only (no network): a Git source reads the last
     * fetched commit. Never throws for bad input: a problem is part of the answer.
     */
    DesiredRead read();

    /** sha256 of the newest desired text, or null when there is none; cheap, for cancelling a stale pass. */
    String generation();

    /** Starts watching (or polling); {@code onChange} may be called from any thread. */
    void start(Runnable onChange);

    /** Look for a new desired state now (an operator's explicit request) and call the change callback. */
    void refresh();

    /** For logs and the start-up line, e.g. {@code file server.yaml}; never holds credentials. */
    String describe();

    @Override
    void close();
}
