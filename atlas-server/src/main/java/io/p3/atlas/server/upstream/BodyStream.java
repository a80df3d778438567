package io.p3.atlas.server.upstream;

import com.linecorp.armeria.common.HttpData;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A blocking {@link InputStream} over a streamed response body. It asks the connection for one chunk at a
 * time (so at most one chunk is held in memory and TCP back-pressure slows a fast upstream down), fails when
 * no bytes arrive for {@code readTimeout}, and fails as soon as more than {@code maxBytes} arrived.
 */
final class BodyStream extends InputStream implements Subscriber<HttpData> {
    private static final Object END = new Object();

    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private final long maxBytes;
    private final long readTimeoutNanos;
    private final String field;
    private final Function<Throwable, RuntimeException> failureMapper;

    private volatile Subscription subscription;
    private volatile boolean cancelled;
    private byte[] chunk = new byte[0];
    private int pos;
    private boolean requested = true;
    private boolean done;
    private RuntimeException failure;
    private long received;

    BodyStream(long maxBytes, Duration readTimeout, String field,
               Function<Throwable, RuntimeException> failureMapper) {
        this.maxBytes = maxBytes;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.field = field;
        this.failureMapper = failureMapper;
    }

    /** Bytes received from upstream so far. */
    long received() {
        return received;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(HttpData data) {
        signals.add(data.array());
    }

    @Override
    public void onError(Throwable t) {
        signals.add(t);
    }

    @Override
    public void onComplete() {
        signals.add(END);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return chunk.length - pos;
    }

    /** Makes sure unread bytes are at hand; false at the end of the body. */
    private boolean fill() {
        while (pos == chunk.length) {
            if (failure != null) {
                throw failure;
            }
            if (done) {
                return false;
            }
            if (!requested) {
                requested = true;
                subscription.request(1);
            }
            Object signal = await();
            if (signal instanceof byte[] bytes) {
                requested = false;
                received += bytes.length;
                if (received > maxBytes) {
                    throw fail(UpstreamException.tooLarge(field, maxBytes,
                            "(more than " + maxBytes + " bytes streamed)"));
                }
                chunk = bytes;
                pos = 0;
            } else if (signal == END) {
                done = true;
            } else {
                throw fail(failureMapper.apply((Throwable) signal));
            }
        }
        return true;
    }

    private Object await() {
        try {
            Object signal = signals.poll(readTimeoutNanos, TimeUnit.NANOSECONDS);
            if (signal == null) {
                throw fail(UpstreamException.unavailable("timeout", field + ": the upstream sent no data for "
                        + Duration.ofNanos(readTimeoutNanos) + " (ATLAS_UPSTREAM_READ_TIMEOUT); retry later"));
            }
            return signal;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(UpstreamException.unavailable("interrupted", field + ": the upstream fetch was interrupted"));
        }
    }

    private RuntimeException fail(RuntimeException e) {
        failure = e;
        cancel();
        return e;
    }

    private void cancel() {
        cancelled = true;
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    /** Stops the transfer when the body was not read to its end (the connection is then dropped). */
    @Override
    public void close() {
        if (!done && failure == null) {
            done = true;
            cancel();
        }
    }
}
