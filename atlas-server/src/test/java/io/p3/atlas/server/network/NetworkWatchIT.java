package io.p3.atlas.server.network;

import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_NODE_OFFLINE;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_NODE_ONLINE;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_NODE_REGISTERED;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_RELAY_DEREGISTERED;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_RELAY_EXPIRED;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_RELAY_OFFLINE;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_RELAY_ONLINE;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_RELAY_REGISTERED;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_RELAY_SATURATED;
import static io.p3.atlas.v1.NetworkEventType.NETWORK_EVENT_TYPE_RELAY_UNSATURATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.config.AtlasConfig;
import io.p3.atlas.server.grpc.ProtoTimes;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.v1.DeregisterRelayRequest;
import io.p3.atlas.v1.NetworkEvent;
import io.p3.atlas.v1.NetworkServiceGrpc;
import io.p3.atlas.v1.NetworkSnapshot;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.NodeStatus;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.RegisterRelayRequest;
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.RelayStatus;
import io.p3.atlas.v1.StreamServiceGrpc;
import io.p3.atlas.v1.WatchNetworkRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WatchNetwork across two server instances on one PostgreSQL: a watcher on the second instance (grpc-java)
 * and one on the first (Armeria's gRPC-Web client) see the snapshot, then every change made on the first
 * instance (through LISTEN/NOTIFY), offline transitions found by the periodic check, expiry, and the end of the
 * stream when an instance stops.
 */
class NetworkWatchIT {
    static final String N1 = "0x1000000000000000000000000000000000000001";
    static final String N2 = "0x1000000000000000000000000000000000000002";
    static final String OPERATOR = "0x20000000000000000000000000000000000000aa";
    static final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().clock(clock)
            .env("ATLAS_NETWORK_CHECK_INTERVAL", "PT0.2S")
            .env("ATLAS_RELAY_SWEEP_INTERVAL", "PT0.2S");

    static Relay relay(String id) {
        return Relay.newBuilder().setId(id).setWalletAddress(OPERATOR).setEndpointUrl("wss://" + id + ".example.org")
                .setRegion("eu").setCapacityMbps(100).build();
    }

    @Test
    void snapshotThenEventsFromAnotherInstanceOverGrpcAndGrpcWeb() throws Exception {
        NodeServiceGrpc.NodeServiceBlockingStub nodes = NodeServiceGrpc.newBlockingStub(server.channel());
        StreamServiceGrpc.StreamServiceBlockingStub relays = StreamServiceGrpc.newBlockingStub(server.channel());
        nodes.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(N1).build());
        relays.registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay("r1")).build());

        // A long grace: stopping must not wait for the open watch.
        AtlasConfig base = server.config();
        AtlasConfig slowStop = new AtlasConfig(0, base.dataDir(), base.databaseUrl(), Duration.ofSeconds(30), base.env());
        AtlasServer second = AtlasServer.start(slowStop, clock);
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", second.port()).usePlaintext().build();
        try {
            NetworkEvents onSecond = new NetworkEvents();
            NetworkServiceGrpc.newStub(ch).watchNetwork(WatchNetworkRequest.getDefaultInstance(), onSecond);
            NetworkEvents overWeb = new NetworkEvents();
            GrpcClients.builder(server.baseUri()).serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                    .responseTimeout(Duration.ZERO).build(NetworkServiceGrpc.NetworkServiceStub.class)
                    .watchNetwork(WatchNetworkRequest.getDefaultInstance(), overWeb);

            NetworkSnapshot snapshot = onSecond.snapshot();
            assertEquals(2, snapshot.getNodesCount(), "N1 and the relay's operator: " + snapshot);
            assertTrue(snapshot.getNodesList().stream().allMatch(n -> n.getStatus() == NodeStatus.NODE_STATUS_ONLINE));
            assertEquals("r1", snapshot.getRelays(0).getId());
            assertEquals(clock.instant(), ProtoTimes.fromProto(snapshot.getSnapshotTime()));
            assertEquals(snapshot.getRelaysList(), overWeb.snapshot().getRelaysList());

            // Changes on the first instance reach the watcher on the second one.
            nodes.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(N2).build());
            onSecond.await(NETWORK_EVENT_TYPE_NODE_REGISTERED, N2);
            NetworkEvent n2Online = onSecond.await(NETWORK_EVENT_TYPE_NODE_ONLINE, N2);
            assertEquals(NodeStatus.NODE_STATUS_ONLINE, n2Online.getNode().getStatus());
            assertEquals(clock.instant(), ProtoTimes.fromProto(n2Online.getEventTime()));
            overWeb.await(NETWORK_EVENT_TYPE_NODE_ONLINE, N2);
            nodes.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(N2).build());

            relays.relayHeartbeat(RelayHeartbeatRequest.newBuilder().setId("r1").setLoad(0.95).build());
            assertEquals(0.95, onSecond.await(NETWORK_EVENT_TYPE_RELAY_SATURATED, "r1").getRelay().getLoad(), 1e-9);
            relays.relayHeartbeat(RelayHeartbeatRequest.newBuilder().setId("r1").setLoad(0.5).build());
            onSecond.await(NETWORK_EVENT_TYPE_RELAY_UNSATURATED, "r1");
            relays.registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay("r2")).build());
            onSecond.await(NETWORK_EVENT_TYPE_RELAY_REGISTERED, "r2");
            onSecond.assertNone(NETWORK_EVENT_TYPE_NODE_ONLINE, N1);

            // Two minutes of silence: each instance's check finds who went offline.
            clock.advance(Duration.ofMinutes(2).plusSeconds(1));
            NetworkEvent n1Offline = onSecond.await(NETWORK_EVENT_TYPE_NODE_OFFLINE, N1);
            assertEquals(NodeStatus.NODE_STATUS_OFFLINE, n1Offline.getNode().getStatus());
            assertEquals(Instant.parse("2026-03-01T12:02:00Z"), ProtoTimes.fromProto(n1Offline.getEventTime()));
            onSecond.await(NETWORK_EVENT_TYPE_NODE_OFFLINE, OPERATOR);
            assertEquals(RelayStatus.RELAY_STATUS_OFFLINE,
                    onSecond.await(NETWORK_EVENT_TYPE_RELAY_OFFLINE, "r2").getRelay().getStatus());
            overWeb.await(NETWORK_EVENT_TYPE_RELAY_OFFLINE, "r1");

            relays.relayHeartbeat(RelayHeartbeatRequest.newBuilder().setId("r1").build());
            onSecond.await(NETWORK_EVENT_TYPE_RELAY_ONLINE, "r1");
            onSecond.await(NETWORK_EVENT_TYPE_NODE_ONLINE, OPERATOR); // a relay heartbeat is its wallet's heartbeat
            relays.deregisterRelay(DeregisterRelayRequest.newBuilder().setId("r2").build());
            onSecond.await(NETWORK_EVENT_TYPE_RELAY_DEREGISTERED, "r2");

            // A day of silence: whichever instance's sweep removes r1, both watchers hear it once.
            clock.advance(Duration.ofHours(24).plusMinutes(1));
            assertEquals(RelayStatus.RELAY_STATUS_OFFLINE,
                    onSecond.await(NETWORK_EVENT_TYPE_RELAY_EXPIRED, "r1").getRelay().getStatus());
            overWeb.await(NETWORK_EVENT_TYPE_RELAY_EXPIRED, "r1");

            long start = System.nanoTime();
            second.close();
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "stopping did not wait for the watch");
            Status end = onSecond.awaitEnd();
            assertEquals(Status.Code.UNAVAILABLE, end.getCode(), end.toString());
            onSecond.assertNone(NETWORK_EVENT_TYPE_RELAY_EXPIRED, "r1");
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            second.close();
        }
    }
}
