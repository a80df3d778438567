package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.Node;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 32 clients hammer one wallet through TWO server instances on one PostgreSQL, heartbeats and
 * content counters at once. No increment is lost, and uptime is exactly the span from the first to
 * the last heartbeat (a double-counted gap would exceed it).
 */
class NodeConcurrencyIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.postgres();

    static final String WALLET = "0x4444444444444444444444444444444444444444";

    @Test
    void twoInstancesThirtyTwoClientsOneWallet() throws Exception {
        try (AtlasServer second = AtlasServer.start(server.config())) {
            ManagedChannel channel2 = NettyChannelBuilder.forAddress("127.0.0.1", second.port()).usePlaintext().build();
            try {
                run(List.of(NodeServiceGrpc.newBlockingStub(server.channel()), NodeServiceGrpc.newBlockingStub(channel2)));
            } finally {
                channel2.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private void run(List<NodeServiceGrpc.NodeServiceBlockingStub> stubs) throws Exception {
        int clients = 32;
        int callsPerClient = 30;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<CompletableFuture<Long>> firstSeen = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            var stub = stubs.get(c % stubs.size());
            firstSeen.add(CompletableFuture.supplyAsync(() -> {
                long earliest = Long.MAX_VALUE;
                for (int i = 0; i < callsPerClient; i++) {
                    if (i % 2 == 0) {
                        var today = stub.recordHeartbeat(RecordHeartbeatRequest.newBuilder()
                                .setWalletAddress(WALLET).setPeersConnected(i).build()).getToday();
                        earliest = Math.min(earliest, Timestamps.toMillis(today.getLastHeartbeatTime()));
                    } else {
                        stub.trackContentServed(TrackContentServedRequest.newBuilder()
                                .setWalletAddress(WALLET).setBytes(1000).setTasksCompleted(1).build());
                    }
                }
                return earliest;
            }, pool));
        }
        long first = Long.MAX_VALUE;
        for (CompletableFuture<Long> f : firstSeen) {
            first = Math.min(first, f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        Node node = stubs.get(0).getNode(GetNodeRequest.newBuilder().setWalletAddress(WALLET).build()).getNode();
        long contentCalls = clients * (callsPerClient / 2L);
        assertEquals(contentCalls * 1000, node.getBytesServed(), "no lost byte increments");
        assertEquals(contentCalls, node.getTasksCompleted(), "no lost task increments");
        long last = Timestamps.toMillis(node.getLastHeartbeatTime());
        assertTrue(node.getUptimeMs() > 0);
        assertEquals(last - first, node.getUptimeMs(), "uptime is exactly the first-to-last heartbeat span");
    }
}
