package dev.shipshape.reconcilers.download;

import java.net.http.HttpClient;
import java.util.function.Supplier;

/**
 * An {@link HttpClient} built on first use. Building one initialises TLS and starts a selector
 * thread (about 0.2 s), and on Java 17 a JVM that exits waits up to 0.3 s for such a thread: a
 * command that never fetches anything ({@code plan}, {@code status}, a converged {@code apply})
 * should pay for neither.
 */
public final class LazyHttpClient implements Supplier<HttpClient> {
    private final Supplier<HttpClient> factory;
    private volatile HttpClient client;

    public LazyHttpClient(Supplier<HttpClient> factory) {
        this.factory = factory;
    }

    /** A client that follows redirects as {@code redirect} says, with {@code connectTimeout}. */
    public static LazyHttpClient of(java.time.Duration connectTimeout, HttpClient.Redirect redirect) {
        return new LazyHttpClient(() -> HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(redirect).build());
    }

    @Override
    public HttpClient get() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = factory.get();
                    client = c;
                }
            }
        }
        return c;
    }
}
