package io.p3.atlas.server.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.NetworkEventType;
import io.p3.atlas.v1.NetworkServiceGrpc;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.WatchNetworkRequest;
import io.p3.atlas.v1.WatchNetworkResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On the embedded H2 database (in-process fan-out): a watcher that keeps up gets every event; one that stops
 * reading is ended with RESOURCE_EXHAUSTED once more than ATLAS_NETWORK_WATCH_BUFFER events wait for it,
 * instead of the server buffering without bound.
 */
class NetworkBackpressureIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.h2().env("ATLAS_NETWORK_WATCH_BUFFER", "600")
            .env("ATLAS_RATE_LIMIT_WRITE", "off"); // 500 heartbeats from one client in waves

    @Test
    void aWatcherThatStopsReadingIsDroppedAndOneThatReadsIsNot() throws Exception {
        // The slow client: an 8 KiB flow-control window (about 100 events) and one message requested, never more.
        ManagedChannel tight = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                .flowControlWindow(8 * 1024).build();
        AtomicReference<ClientCallStreamObserver<WatchNetworkRequest>> slowCall = new AtomicReference<>();
        CompletableFuture<Status> slowEnd = new CompletableFuture<>();
        NetworkServiceGrpc.newStub(tight).watchNetwork(WatchNetworkRequest.getDefaultInstance(),
                new ClientResponseObserver<WatchNetworkRequest, WatchNetworkResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WatchNetworkRequest> call) {
                        slowCall.set(call);
                        call.disableAutoRequestWithInitial(1);
                    }

                    @Override
                    public void onNext(WatchNetworkResponse value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        slowEnd.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        slowEnd.complete(Status.OK);
                    }
                });
        NetworkEvents keepsUp = new NetworkEvents();
        NetworkServiceGrpc.newStub(server.channel()).watchNetwork(WatchNetworkRequest.getDefaultInstance(), keepsUp);
        assertTrue(keepsUp.snapshot().getComplete());
        try {
            // 500 new wallets in waves of 50 (100 events each, within any buffer), each read by the reader before
            // the next: 1000 events of about 80 bytes in all, more than the slow client's window and its
            // 600-event buffer hold.
            NodeServiceGrpc.NodeServiceFutureStub nodes = NodeServiceGrpc.newFutureStub(server.channel());
            for (int wave = 0; wave < 10; wave++) {
                List<com.google.common.util.concurrent.ListenableFuture<?>> beats = new ArrayList<>();
                for (int i = wave * 50; i < wave * 50 + 50; i++) {
                    beats.add(nodes.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(wallet(i)).build()));
                }
                for (var b : beats) {
                    b.get(60, TimeUnit.SECONDS);
                }
                for (int i = wave * 50; i < wave * 50 + 50; i++) {
                    keepsUp.await(NetworkEventType.NETWORK_EVENT_TYPE_NODE_ONLINE, wallet(i));
                }
            }
            slowCall.get().request(Integer.MAX_VALUE); // read what was sent, then the end of the stream
            Status end = slowEnd.get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, end.getCode(), end.toString());
            assertTrue(end.getDescription().contains("fell more than 600 events behind"), end.getDescription());
            String metrics = server.get("/internal/metrics").body();
            assertTrue(metrics.contains("atlas_network_watch_ended_total{reason=\"slow\"} 1.0"), metrics);
            assertTrue(metrics.contains("atlas_network_watchers 1.0"), "the reader is still watching");
        } finally {
            tight.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static String wallet(int i) {
        return String.format("0x%040x", 0xbeef0000L + i);
    }
}
