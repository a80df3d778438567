package io.p3.atlas.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.v1.DeregisterRelayRequest;
import io.p3.atlas.v1.GetRelayRequest;
import io.p3.atlas.v1.ListRelaysRequest;
import io.p3.atlas.v1.RegisterRelayRequest;
import io.p3.atlas.v1.Relay;
import io.p3.atlas.v1.RelayHeartbeatRequest;
import io.p3.atlas.v1.RelayStatus;
import io.p3.atlas.v1.SelectRelayRequest;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Relay RPCs over HTTP/JSON, grpc-java and gRPC-Web against the real server on PostgreSQL, with a
 * clock the test moves; a second server instance on the same database sees the same registry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayServiceIT {
    static final String W = "0x52908400098527886E0F7030069857D2E4169EE7";
    static final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().clock(clock)
            .env("ATLAS_RELAY_SWEEP_INTERVAL", "PT0.2S")
            .env("ATLAS_RATE_LIMIT_READ", "off"); // 1 000 selections from one client in a few seconds

    static StreamServiceGrpc.StreamServiceBlockingStub stub() {
        return StreamServiceGrpc.newBlockingStub(server.channel());
    }

    static Relay relay(String id, String region, int capacity) {
        return Relay.newBuilder().setId(id).setWalletAddress(W).setEndpointUrl("wss://" + id + ".example.org/live")
                .setRegion(region).setCapacityMbps(capacity).build();
    }

    @Test
    @Order(1)
    void noRelayIsUnavailable() {
        HttpResponse<String> none = server.get("/v1/relays:select?region=eu");
        assertEquals(503, none.statusCode(), none.body());
        assertTrue(none.body().contains("no media relay is online"), none.body());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub().selectRelay(SelectRelayRequest.newBuilder().setRegion("eu").build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }

    @Test
    @Order(2)
    void registerHeartbeatSelectOverHttpJson() {
        HttpResponse<String> reg = server.postJson("/v1/relays", "{\"id\":\"eu-1\",\"walletAddress\":\"" + W
                + "\",\"endpointUrl\":\"wss://eu-1.example.org/live\",\"region\":\"eu\",\"capacityMbps\":100}");
        assertEquals(200, reg.statusCode(), reg.body());
        assertTrue(reg.body().contains("\"status\":\"RELAY_STATUS_ONLINE\""), reg.body());
        assertTrue(reg.body().contains("\"walletAddress\":\"" + W.toLowerCase() + "\""), reg.body());
        stub().registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay("eu-2", "eu", 100)).build());
        stub().registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay("us-1", "us", 10_000)).build());

        HttpResponse<String> hb = server.postJson("/v1/relays/eu-1:heartbeat", "{\"activeStreams\":40,\"load\":0.95}");
        assertEquals(200, hb.statusCode(), hb.body());
        assertTrue(hb.body().contains("\"activeStreams\":40"), hb.body());

        HttpResponse<String> select = server.get("/v1/relays:select?region=eu&streamId=s-1");
        assertEquals(200, select.statusCode(), select.body());
        assertTrue(select.body().contains("\"id\":\"eu-2\""), select.body());

        HttpResponse<String> bad = server.postJson("/v1/relays/eu-1:heartbeat", "{\"load\":2}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("load"), bad.body());
        assertEquals(404, server.postJson("/v1/relays/nope:heartbeat", "{}").statusCode());
        assertEquals(200, server.get("/v1/relays/eu-1").statusCode());
        HttpResponse<String> list = server.get("/v1/relays?region=eu&pageSize=1");
        assertTrue(list.body().contains("\"id\":\"eu-1\"") && list.body().contains("nextPageToken"), list.body());
    }

    @Test
    @Order(3)
    void relaysGoOfflineAfterTwoMinutesAndASecondInstanceAgrees() throws Exception {
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        stub().relayHeartbeat(RelayHeartbeatRequest.newBuilder().setId("us-1").setLoad(0.1).build());
        assertEquals(RelayStatus.RELAY_STATUS_OFFLINE,
                stub().getRelay(GetRelayRequest.newBuilder().setId("eu-2").build()).getRelay().getStatus());
        assertEquals("us-1", stub().selectRelay(SelectRelayRequest.newBuilder().setRegion("eu").build())
                .getRelay().getId(), "no online relay in eu: another region serves");
        assertEquals(2, stub().listRelays(ListRelaysRequest.newBuilder()
                .setStatus(RelayStatus.RELAY_STATUS_OFFLINE).build()).getRelaysCount());

        try (AtlasServer second = AtlasServer.start(server.config(), clock)) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", second.port()).usePlaintext().build();
            try {
                StreamServiceGrpc.StreamServiceBlockingStub other = StreamServiceGrpc.newBlockingStub(ch);
                assertEquals("us-1", other.selectRelay(SelectRelayRequest.newBuilder().setRegion("eu").build())
                        .getRelay().getId());
                other.relayHeartbeat(RelayHeartbeatRequest.newBuilder().setId("eu-2").build());
                assertEquals("eu-2", stub().selectRelay(SelectRelayRequest.newBuilder().setRegion("eu").build())
                        .getRelay().getId(), "the first instance sees the second's heartbeat");
                other.deregisterRelay(DeregisterRelayRequest.newBuilder().setId("eu-2").build());
            } finally {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class,
                () -> stub().getRelay(GetRelayRequest.newBuilder().setId("eu-2").build()));
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode());
    }

    @Test
    @Order(4)
    void grpcWebAndValidation() {
        StreamServiceGrpc.StreamServiceBlockingStub web = GrpcClients.builder(server.baseUri())
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .build(StreamServiceGrpc.StreamServiceBlockingStub.class);
        assertEquals("us-1", web.getRelay(GetRelayRequest.newBuilder().setId("us-1").build()).getRelay().getId());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> web.registerRelay(
                RegisterRelayRequest.newBuilder().setRelay(relay("x", "eu", 0)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("relay.capacity_mbps"), e.getStatus().getDescription());
    }

    @Test
    @Order(5)
    void saturatedRegionFallsBackAndSelectionsSplitByWeight() {
        stub().deregisterRelay(DeregisterRelayRequest.newBuilder().setId("us-1").build());
        for (String id : new String[] {"eu-a", "eu-b"}) {
            stub().registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay(id, "eu", 100)).build());
            assertEquals(200, server.postJson("/v1/relays/" + id + ":heartbeat",
                    "{\"activeStreams\":999,\"load\":1.0}").statusCode());
        }
        stub().registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay("us-idle", "us", 100)).build());
        HttpResponse<String> select = server.get("/v1/relays:select?region=eu");
        assertEquals(200, select.statusCode(), select.body());
        assertTrue(select.body().contains("\"id\":\"us-idle\""), select.body());
        HttpResponse<String> full = server.postJson("/atlas.v1.StreamService/SelectRelay",
                "{\"region\":\"eu\",\"maxAlternatives\":3}");
        assertEquals(200, full.statusCode(), full.body());
        assertTrue(full.body().startsWith("{\"relay\":{\"id\":\"us-idle\"") && full.body().contains("\"alternatives\":[]"),
                "saturated relays are no alternatives either: " + full.body());

        stub().registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay("three", "split", 300)).build());
        stub().registerRelay(RegisterRelayRequest.newBuilder().setRelay(relay("one", "split", 100)).build());
        int three = 0;
        for (int i = 0; i < 1000; i++) {
            var r = stub().selectRelay(SelectRelayRequest.newBuilder().setRegion("split").build());
            three += r.getRelay().getId().equals("three") ? 1 : 0;
            assertEquals(2, r.getAlternativesCount(), "the other split relay, then us-idle");
        }
        assertTrue(three > 690 && three < 810, "spare capacities 3:1 split 1000 selections about 3:1: " + three);
        String sticky = stub().selectRelay(SelectRelayRequest.newBuilder().setRegion("split").setStreamId("match-42")
                .build()).getRelay().getId();
        for (int i = 0; i < 20; i++) {
            assertEquals(sticky, stub().selectRelay(SelectRelayRequest.newBuilder().setRegion("split")
                    .setStreamId("match-42").build()).getRelay().getId());
        }
    }

    @Test
    @Order(6)
    void silentRelaysExpireAndAreCounted() throws Exception {
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        stub().relayHeartbeat(RelayHeartbeatRequest.newBuilder().setId("one").build());
        clock.advance(Duration.ofMinutes(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.get("/v1/relays/three").statusCode() != 404) {
            assertTrue(System.nanoTime() < deadline, "the sweep removed nothing within 20 s");
            Thread.sleep(100);
        }
        assertEquals(200, server.get("/v1/relays/one").statusCode(), "a relay that beat stays");
        String metrics = server.get("/internal/metrics").body();
        assertTrue(metrics.contains("atlas_relay_expired_total"), metrics);
        assertEquals(List.of("one"), stub().listRelays(ListRelaysRequest.getDefaultInstance()).getRelaysList()
                .stream().map(Relay::getId).toList());
    }
}
