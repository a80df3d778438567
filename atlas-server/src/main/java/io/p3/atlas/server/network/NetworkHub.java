package io.p3.atlas.server.network;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.p3.atlas.server.error.AtlasException;
import io.p3.atlas.server.notify.Notifier;
import io.p3.atlas.v1.NetworkEvent;
import io.p3.atlas.v1.WatchNetworkResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans network events out to this instance's watchers. Changes made here are published on {@value #CHANNEL}
 * (PostgreSQL NOTIFY, or in-process on H2) and come back through the notifier like those of every other
 * instance, so all watchers everywhere see the same events in the same order. Changes every instance detects
 * by itself (going offline) are delivered locally only. Publishing runs on its own thread: callers (the node
 * writer's thread, request threads) never wait for it.
 */
final class NetworkHub implements Notifier.Listener {
    static final String CHANNEL = "atlas_network";
    private static final Logger log = LoggerFactory.getLogger(NetworkHub.class);

    private final Notifier notifier;
    private final int capacity;
    private final MeterRegistry meters;
    private final Set<NetworkWatcher> watchers = ConcurrentHashMap.newKeySet();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "atlas-network-publish");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    NetworkHub(Notifier notifier, int capacity, MeterRegistry meters) {
        this.notifier = notifier;
        this.capacity = capacity;
        this.meters = meters;
        meters.gauge("atlas.network.watchers", watchers, Set::size);
        notifier.subscribe(CHANNEL, this);
    }

    /** Tells every instance's watchers about {@code change} (made on this instance). */
    void publish(NetworkChange change) {
        String payload = NetworkProtos.encode(NetworkProtos.toProto(change));
        try {
            publisher.execute(() -> notifier.publish(CHANNEL, payload));
        } catch (RejectedExecutionException e) {
            log.debug("Network event after shutdown, not published: {}", change.kind());
        }
    }

    /** Tells this instance's watchers only (a change every instance detects by itself). */
    void deliverLocally(NetworkChange change) {
        deliver(NetworkProtos.toProto(change));
    }

    boolean hasWatchers() {
        return !watchers.isEmpty();
    }

    /** Registers a WatchNetwork call; events queue for it until its snapshot is sent. */
    synchronized NetworkWatcher watch(ServerCallStreamObserver<WatchNetworkResponse> call) {
        NetworkWatcher w = new NetworkWatcher(call, capacity, watchers::remove);
        if (stopping) {
            w.end(AtlasException.unavailable("the server is shutting down; watch another instance", null));
        } else {
            watchers.add(w);
        }
        return w;
    }

    @Override
    public void onNotification(String payload) {
        try {
            deliver(NetworkProtos.decode(payload));
        } catch (InvalidProtocolBufferException e) {
            log.warn("Ignoring a malformed network event on {}: {}", CHANNEL, e.getMessage());
        }
    }

    /** Events may have been missed: each watcher must start again from a fresh snapshot. */
    @Override
    public void onGap() {
        endAll("gap", AtlasException.unavailable("network events may have been missed (the database connection"
                + " was lost); watch again for a fresh snapshot", null));
    }

    private void deliver(NetworkEvent event) {
        WatchNetworkResponse message = WatchNetworkResponse.newBuilder().setEvent(event).build();
        for (NetworkWatcher w : watchers) {
            if (!w.offer(message)) {
                meters.counter("atlas.network.watch.ended", "reason", "slow").increment();
                w.end(AtlasException.resourceExhausted("this watcher fell more than " + capacity
                        + " events behind; watch again for a fresh snapshot", Duration.ofSeconds(1)));
            }
        }
    }

    /** The server is stopping: ends every watch (in-flight streams would hold the graceful shutdown). */
    synchronized void stop() {
        stopping = true;
        endAll("shutdown", AtlasException.unavailable("the server is shutting down; watch again", null));
    }

    private void endAll(String reason, AtlasException error) {
        for (NetworkWatcher w : watchers) {
            meters.counter("atlas.network.watch.ended", "reason", reason).increment();
            w.end(error);
        }
    }

    /** Sends what is still waiting to be published, then stops publishing. */
    void close() {
        stop();
        publisher.shutdown();
        try {
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
