package dev.shipshape.reconcilers.download;

import java.io.IOException;
import java.io.InputStream;

/**
 * An open response body: the byte of the file it starts at (0, or the resume offset of a 206)
 * and the announced size of the whole file (-1 when unknown).
 */
record ReleaseBody(InputStream stream, long offset, long total) implements AutoCloseable {
    ReleaseBody(InputStream stream, long total) {
        this(stream, 0, total);
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
