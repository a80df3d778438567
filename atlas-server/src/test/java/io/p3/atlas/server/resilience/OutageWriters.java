package io.p3.atlas.server.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads writing one byte per call to one wallet until closed, counting what was attempted and what was
 * acknowledged, the statuses seen and the slowest call: the stored total must lie between the two.
 */
final class OutageWriters implements AutoCloseable {
    private final AtomicLong attempted = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final Map<Status.Code, Long> statuses = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    OutageWriters(Channel channel, String wallet, int threadCount) {
        var stub = NodeServiceGrpc.newBlockingStub(channel);
        TrackContentServedRequest write = TrackContentServedRequest.newBuilder()
                .setWalletAddress(wallet).setBytes(1).build();
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(() -> {
                while (!stop) {
                    attempted.incrementAndGet();
                    long start = System.nanoTime();
                    Status.Code code = Status.Code.OK;
                    try {
                        stub.withDeadlineAfter(30, TimeUnit.SECONDS).trackContentServed(write);
                        acked.incrementAndGet();
                    } catch (StatusRuntimeException e) {
                        code = e.getStatus().getCode();
                    }
                    slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    statuses.merge(code, 1L, Long::sum);
                    pause(code == Status.Code.OK ? 1 : 20);
                }
            }, "outage-writer-" + i);
            threads.add(t);
            t.start();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long acked() {
        return acked.get();
    }

    long attempted() {
        return attempted.get();
    }

    Duration slowestCall() {
        return Duration.ofNanos(slowestNanos.get());
    }

    /** Waits (up to 30 s) until {@code n} writes are acknowledged in all. */
    void awaitAcked(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acked.get() < n) {
            assertTrue(System.nanoTime() < deadline, "writers stuck at " + this);
            Thread.sleep(10);
        }
    }

    /** Failures were UNAVAILABLE, never INTERNAL, UNKNOWN or a deadline. */
    void assertOnlyOkOrUnavailable() {
        Map<Status.Code, Long> seen = new ConcurrentHashMap<>(statuses);
        seen.remove(Status.Code.OK);
        seen.remove(Status.Code.UNAVAILABLE);
        assertEquals(Map.of(), seen, "unexpected statuses: " + this);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(35));
        }
    }

    @Override
    public String toString() {
        return "attempted " + attempted + ", acknowledged " + acked + ", statuses " + statuses
                + ", slowest " + slowestCall();
    }
}
