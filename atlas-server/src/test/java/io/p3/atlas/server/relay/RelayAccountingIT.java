package io.p3.atlas.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.v1.ListNodesRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.NodeStatus;
import io.p3.atlas.v1.RegisterRelayRequest;
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Relay heartbeats credit their wallet's node metrics: exactly, with concurrent heartbeats on two server
 * instances sharing one PostgreSQL; on the right UTC day around midnight; and as node heartbeats (uptime,
 * ONLINE status, leaderboards).
 */
class RelayAccountingIT {
    static final String W = "0x00000000000000000000000000000000000000aa";
    static final MutableClock clock = MutableClock.at("2026-03-01T23:59:00Z");

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().clock(clock)
            .env("ATLAS_RATE_LIMIT_WRITE", "off"); // hundreds of heartbeats from one client at once

    @Test
    void relayBytesAreCreditedExactlyOnTheirDayAndCountAsNodeHeartbeats() throws Exception {
        StreamServiceGrpc.StreamServiceBlockingStub first = StreamServiceGrpc.newBlockingStub(server.channel());
        first.registerRelay(RegisterRelayRequest.newBuilder().setRelay(Relay.newBuilder().setId("acct")
                .setWalletAddress(W).setEndpointUrl("wss://acct.example.org/live").setRegion("eu")
                .setCapacityMbps(100)).build());
        clock.advance(Duration.ofSeconds(30)); // 23:59:30

        int clients = 16;
        int beatsEach = 25;
        long expectedBytes = 0;
        try (AtlasServer second = AtlasServer.start(server.config(), clock)) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", second.port()).usePlaintext().build();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    StreamServiceGrpc.StreamServiceBlockingStub stub = c % 2 == 0 ? first
                            : StreamServiceGrpc.newBlockingStub(ch);
                    long bytes = 1_000_000L + c;
                    expectedBytes += bytes * beatsEach;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < beatsEach; i++) {
                            stub.relayHeartbeat(RelayHeartbeatRequest.newBuilder().setId("acct").setLoad(0.5)
                                    .setBytesServedDelta(bytes).setTasksCompletedDelta(1).build());
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }

        clock.advance(Duration.ofMinutes(1)); // 00:00:30 the next day: the gap is split at midnight
        HttpResponse<String> beat = server.postJson("/v1/relays/acct:heartbeat",
                "{\"load\":0.2,\"bytesServedDelta\":\"7\",\"tasksCompletedDelta\":\"2\"}");
        assertEquals(200, beat.statusCode(), beat.body());

        ObjectMapper json = new ObjectMapper();
        JsonNode node = json.readTree(server.get("/v1/nodes/" + W).body());
        assertEquals(expectedBytes + 7, node.get("bytesServed").asLong(), node.toString());
        assertEquals(clients * beatsEach + 2, node.get("tasksCompleted").asLong());
        assertEquals(90_000, node.get("uptimeMs").asLong(), "registration 23:59:00 to the last beat 00:00:30");
        assertEquals("NODE_STATUS_ONLINE", node.get("status").asText());
        assertEquals("2026-03-02", node.get("today").get("statsDate").asText());
        assertEquals(7, node.get("today").get("bytesServed").asLong());
        assertEquals(30_000, node.get("today").get("uptimeMs").asLong());

        JsonNode days = json.readTree(server.get("/v1/nodes/" + W + "/dailyMetrics").body()).get("dailyMetrics");
        assertEquals("2026-03-01", days.get(0).get("statsDate").asText());
        assertEquals(expectedBytes, days.get(0).get("bytesServed").asLong());
        assertEquals(60_000, days.get(0).get("uptimeMs").asLong());

        var board = NodeServiceGrpc.newBlockingStub(server.channel()).listNodes(ListNodesRequest.newBuilder()
                .setStartDate("2026-03-01").setStatus(NodeStatus.NODE_STATUS_ONLINE).build());
        assertEquals(W, board.getEntries(0).getWalletAddress());
        assertEquals(expectedBytes + 7, board.getEntries(0).getBytesServed());
        assertTrue(board.getEntries(0).hasLastHeartbeatTime());
    }
}
