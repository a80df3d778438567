package io.p3.atlas.server.network;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.v1.NetworkEvent;
import io.p3.atlas.v1.NetworkEventType;
import io.p3.atlas.v1.NetworkSnapshot;
import io.p3.atlas.v1.WatchNetworkResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WatchNetwork stream as a test reads it: the snapshot, then events awaited by type and subject. */
final class NetworkEvents implements StreamObserver<WatchNetworkResponse> {
    private static final Object COMPLETED = new Object();
    private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final List<NetworkEvent> seen = new ArrayList<>();

    @Override
    public void onNext(WatchNetworkResponse value) {
        received.add(value);
    }

    @Override
    public void onError(Throwable t) {
        received.add(t);
    }

    @Override
    public void onCompleted() {
        received.add(COMPLETED);
    }

    private Object take(Duration within) throws InterruptedException {
        Object next = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            fail("nothing arrived within " + within + "; events so far: " + describe(seen));
        }
        return next;
    }

    /** The snapshot messages up to the complete one, merged. */
    NetworkSnapshot snapshot() throws InterruptedException {
        NetworkSnapshot.Builder all = NetworkSnapshot.newBuilder();
        while (true) {
            Object next = take(Duration.ofSeconds(30));
            if (!(next instanceof WatchNetworkResponse r) || !r.hasSnapshot()) {
                throw new AssertionError("expected a snapshot message, got " + next);
            }
            all.addAllNodes(r.getSnapshot().getNodesList()).addAllRelays(r.getSnapshot().getRelaysList());
            if (r.getSnapshot().getComplete()) {
                return all.setComplete(true).setSnapshotTime(r.getSnapshot().getSnapshotTime()).build();
            }
        }
    }

    /** The next event of {@code type} about {@code subject} (wallet or relay id); others are kept in {@link #seen}. */
    NetworkEvent await(NetworkEventType type, String subject) throws InterruptedException {
        for (NetworkEvent e : seen) {
            if (matches(e, type, subject)) {
                seen.remove(e);
                return e;
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Object next = take(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (!(next instanceof WatchNetworkResponse r) || !r.hasEvent()) {
                throw new AssertionError("waiting for " + type + " " + subject + ", got " + next);
            }
            if (matches(r.getEvent(), type, subject)) {
                return r.getEvent();
            }
            seen.add(r.getEvent());
        }
        throw new AssertionError("no " + type + " of " + subject + "; got " + describe(seen));
    }

    /** The status the stream ended with, reading past any events still queued. */
    Status awaitEnd() throws InterruptedException {
        while (true) {
            Object next = take(Duration.ofSeconds(30));
            if (next instanceof Throwable t) {
                return Status.fromThrowable(t);
            }
            if (next == COMPLETED) {
                return Status.OK;
            }
        }
    }

    /** True if no event about {@code subject} of {@code type} arrived (those queued now included). */
    void assertNone(NetworkEventType type, String subject) {
        List<Object> rest = new ArrayList<>();
        received.drainTo(rest);
        rest.forEach(o -> {
            if (o instanceof WatchNetworkResponse r && r.hasEvent()) {
                seen.add(r.getEvent());
            }
        });
        assertTrue(seen.stream().noneMatch(e -> matches(e, type, subject)), describe(seen));
    }

    static boolean matches(NetworkEvent e, NetworkEventType type, String subject) {
        return e.getType() == type && (e.hasNode() ? e.getNode().getWalletAddress() : e.getRelay().getId())
                .equals(subject);
    }

    static String describe(List<NetworkEvent> events) {
        return events.stream().map(e -> e.getType().name().replace("NETWORK_EVENT_TYPE_", "") + " "
                + (e.hasNode() ? e.getNode().getWalletAddress() : e.getRelay().getId())).toList().toString();
    }
}
