package io.p3.atlas.server.blob;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Exactly {@code length} bytes of an underlying stream: end of stream after them, and an
 * {@link EOFException} if the blob ends sooner. Closing before the end runs {@code abortUnfinished}
 * first (an S3 GET is aborted rather than drained), then closes the underlying stream.
 */
final class RangeInputStream extends FilterInputStream {
    private final Runnable abortUnfinished;
    private long remaining;
    private boolean closed;

    RangeInputStream(InputStream in, long length, Runnable abortUnfinished) {
        super(in);
        this.remaining = length;
        this.abortUnfinished = abortUnfinished;
    }

    RangeInputStream(InputStream in, long length) {
        this(in, length, () -> { });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the blob ended " + remaining + " bytes before the end of the range");
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (remaining > 0) {
            abortUnfinished.run();
        }
        in.close();
    }
}
