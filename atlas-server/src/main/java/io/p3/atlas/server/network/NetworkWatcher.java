package io.p3.atlas.server.network;

import io.grpc.stub.ServerCallStreamObserver;
import io.p3.atlas.v1.WatchNetworkResponse;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One WatchNetwork call: a bounded queue drained only when the call is ready (gRPC flow control), so a slow
 * reader never makes the server buffer without bound: at most {@link #BATCH} messages are handed to the transport
 * per ready signal (Armeria signals ready once everything handed over was written), and more than
 * {@code capacity} events waiting ends the call (the hub's RESOURCE_EXHAUSTED). Events queue up while the snapshot
 * is read and are sent after it. Thread-safe: the notifier, the offline check and the call's own threads all come
 * through the lock.
 */
final class NetworkWatcher {
    /** Messages written per ready signal at most: enough to keep up with bursts, few enough to bound memory. */
    static final int BATCH = 128;

    private final ServerCallStreamObserver<WatchNetworkResponse> call;
    private final int capacity;
    private final Consumer<NetworkWatcher> onEnd;
    private final ArrayDeque<WatchNetworkResponse> queue = new ArrayDeque<>();
    private int waitingEvents;
    private boolean started;
    private boolean ended;

    /** {@code onEnd}: told once when the call ends, however it ends. */
    NetworkWatcher(ServerCallStreamObserver<WatchNetworkResponse> call, int capacity, Consumer<NetworkWatcher> onEnd) {
        this.call = call;
        this.capacity = capacity;
        this.onEnd = onEnd;
        call.setOnReadyHandler(this::drain);
        call.setOnCancelHandler(this::cancelled);
    }

    /** Queues an event; false if this watcher is too far behind (the caller ends it). */
    synchronized boolean offer(WatchNetworkResponse event) {
        if (ended) {
            return true;
        }
        if (waitingEvents >= capacity) {
            return false;
        }
        queue.addLast(event);
        waitingEvents++;
        drain();
        return true;
    }

    /** Sends the snapshot, then whatever queued meanwhile. */
    synchronized void start(List<WatchNetworkResponse> snapshot) {
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            queue.addFirst(snapshot.get(i));
        }
        started = true;
        drain();
    }

    synchronized void drain() {
        if (!started || ended || !call.isReady()) {
            return;
        }
        for (int sent = 0; sent < BATCH && !queue.isEmpty(); sent++) {
            WatchNetworkResponse next = queue.pollFirst();
            if (next.hasEvent()) {
                waitingEvents--;
            }
            call.onNext(next);
        }
    }

    /** Ends the call with {@code error} (mapped to a status by the server's exception handler). */
    synchronized void end(Throwable error) {
        if (ended) {
            return;
        }
        ended = true;
        queue.clear();
        onEnd.accept(this);
        try {
            call.onError(error);
        } catch (IllegalStateException alreadyClosed) {
            // the client went away at the same moment
        }
    }

    private synchronized void cancelled() {
        if (!ended) {
            ended = true;
            queue.clear();
            onEnd.accept(this);
        }
    }
}
