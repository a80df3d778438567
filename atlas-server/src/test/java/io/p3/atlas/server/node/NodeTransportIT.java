package io.p3.atlas.server.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.p3.atlas.server.testing.StatusDetails;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.ListNodesRequest;
import io.p3.atlas.v1.Node;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.NodeStatus;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** NodeService end to end on PostgreSQL: grpc-java, gRPC-Web (binary and text) and HTTP/JSON. */
class NodeTransportIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.postgres();

    static final String WALLET = "0x52908400098527886E0F7030069857D2E4169EE7";
    static final String LOWER = WALLET.toLowerCase();

    @Test
    void grpcJavaRoundTrip() {
        var stub = NodeServiceGrpc.newBlockingStub(server.channel());
        String w = "0x1000000000000000000000000000000000000001";
        var hb = stub.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(w).setPeersConnected(7).build());
        assertEquals(7, hb.getToday().getPeersConnected());
        assertTrue(hb.getToday().hasLastHeartbeatTime());
        var tc = stub.trackContentServed(TrackContentServedRequest.newBuilder()
                .setWalletAddress(w).setBytes(4096).setTasksCompleted(2).build());
        assertEquals(4096, tc.getToday().getBytesServed());
        Node node = stub.getNode(GetNodeRequest.newBuilder().setWalletAddress(w).build()).getNode();
        assertEquals(NodeStatus.NODE_STATUS_ONLINE, node.getStatus());
        assertEquals(4096, node.getBytesServed());
        assertEquals(2, node.getTasksCompleted());
        assertTrue(stub.listNodes(ListNodesRequest.newBuilder().build()).getDailyMetricsList().stream()
                .anyMatch(m -> m.getWalletAddress().equals(w)));
    }

    @Test
    void grpcErrorsArePreciseAndCarryFieldViolations() throws Exception {
        var stub = NodeServiceGrpc.newBlockingStub(server.channel());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.trackContentServed(
                TrackContentServedRequest.newBuilder().setWalletAddress(WALLET).setBytes(-5).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("bytes"), e.getStatus().getDescription());
        assertEquals("bytes", StatusDetails.unpack(e, BadRequest.class).getFieldViolations(0).getField());
        ErrorInfo info = StatusDetails.unpack(e, ErrorInfo.class);
        assertEquals("BYTES_INVALID", info.getReason());
        assertEquals("atlas.p3", info.getDomain());
        assertEquals("bytes", info.getMetadataMap().get("field"));

        StatusRuntimeException nf = assertThrows(StatusRuntimeException.class, () -> stub.getNode(
                GetNodeRequest.newBuilder().setWalletAddress("0x9999999999999999999999999999999999999999").build()));
        assertEquals(Status.Code.NOT_FOUND, nf.getStatus().getCode());
        assertEquals("NODE_NOT_FOUND", StatusDetails.unpack(nf, ErrorInfo.class).getReason());

        StatusRuntimeException wallet = assertThrows(StatusRuntimeException.class, () -> stub.getNode(
                GetNodeRequest.newBuilder().setWalletAddress("0x12").build()));
        assertEquals("WALLET_ADDRESS_INVALID", StatusDetails.unpack(wallet, ErrorInfo.class).getReason());
    }

    @Test
    void grpcWebBinaryAndText() throws Exception {
        for (var format : new com.linecorp.armeria.common.SerializationFormat[] {
                GrpcSerializationFormats.PROTO_WEB, GrpcSerializationFormats.PROTO_WEB_TEXT}) {
            var stub = GrpcClients.builder(server.baseUri()).serializationFormat(format)
                    .build(NodeServiceGrpc.NodeServiceBlockingStub.class);
            String w = "0x2000000000000000000000000000000000000002";
            var hb = stub.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(w).setPeersConnected(1).build());
            assertEquals(w, hb.getToday().getWalletAddress());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> stub.getNode(GetNodeRequest.newBuilder().setWalletAddress("nope").build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), format.toString());
        }
    }

    @Test
    void httpJsonTranscoding() {
        HttpResponse<String> hb = server.postJson("/v1/nodes/" + WALLET + ":heartbeat", "{\"peersConnected\":3}");
        assertEquals(200, hb.statusCode(), hb.body());
        assertTrue(hb.body().contains("\"walletAddress\":\"" + LOWER + "\""), hb.body());
        assertTrue(hb.body().contains("\"peersConnected\":3"), hb.body());
        assertTrue(hb.body().contains("\"uptimeMs\":\"0\""), hb.body());
        assertFalse(hb.body().contains("\"today\""), "response_body unwraps the metrics: " + hb.body());

        HttpResponse<String> tc = server.postJson("/v1/nodes/" + WALLET + ":trackContentServed",
                "{\"bytes\":\"1048576\",\"tasksCompleted\":1}");
        assertEquals(200, tc.statusCode(), tc.body());
        assertTrue(tc.body().contains("\"bytesServed\":\"1048576\""), tc.body());

        HttpResponse<String> get = server.get("/v1/nodes/" + WALLET);
        assertEquals(200, get.statusCode(), get.body());
        assertTrue(get.body().contains("\"status\":\"NODE_STATUS_ONLINE\""), get.body());

        HttpResponse<String> daily = server.get("/v1/nodes/" + WALLET + "/dailyMetrics?pageSize=5");
        assertEquals(200, daily.statusCode(), daily.body());
        assertTrue(daily.body().contains("\"dailyMetrics\""), daily.body());

        HttpResponse<String> board = server.get("/v1/nodes?orderBy=uptime_ms%20desc&pageSize=2");
        assertEquals(200, board.statusCode(), board.body());
    }

    @Test
    void plainCurlDashDWithoutContentTypeWorks() {
        // curl -X POST …:heartbeat -d '{"peersConnected":3}' sends application/x-www-form-urlencoded.
        HttpResponse<String> r = server.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUri() + "/v1/nodes/" + WALLET + ":heartbeat"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"peersConnected\":4}")).build());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"peersConnected\":4"), r.body());
    }

    @Test
    void httpJsonErrorsMapToHttpStatuses() {
        HttpResponse<String> bad = server.postJson("/v1/nodes/0x12:heartbeat", "{}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("wallet_address"), bad.body());

        HttpResponse<String> malformed = server.postJson("/v1/nodes/" + WALLET + ":heartbeat",
                "{\"peersConnected\":\"many\"}");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertFalse(malformed.body().contains("Exception"), malformed.body());

        assertEquals(404, server.get("/v1/nodes/0x7777777777777777777777777777777777777777").statusCode());
        HttpResponse<String> order = server.get("/v1/nodes?orderBy=wallet");
        assertEquals(400, order.statusCode());
        assertTrue(order.body().contains("order_by"), order.body());
        assertEquals(400, server.get("/v1/nodes?pageToken=garbage").statusCode());
    }

    @Test
    void leaderboardOverAPeriodWithStatus() {
        var stub = NodeServiceGrpc.newBlockingStub(server.channel());
        String big = "0x3000000000000000000000000000000000000003";
        String small = "0x3000000000000000000000000000000000000004";
        stub.trackContentServed(TrackContentServedRequest.newBuilder().setWalletAddress(big).setBytes(1L << 40).build());
        stub.recordHeartbeat(RecordHeartbeatRequest.newBuilder().setWalletAddress(small).build());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString();

        HttpResponse<String> range = server.get("/v1/nodes?startDate=" + yesterday + "&endDate=" + today + "&pageSize=1");
        assertEquals(200, range.statusCode(), range.body());
        assertTrue(range.body().contains("\"entries\":[{\"walletAddress\":\"" + big + "\",\"bytesServed\":\"1099511627776\""),
                range.body());
        assertTrue(range.body().contains("\"dailyMetrics\":[]"), "a range has no daily rows: " + range.body());
        assertTrue(range.body().contains("\"startDate\":\"" + yesterday + "\",\"endDate\":\"" + today + "\""),
                range.body());

        var online = stub.listNodes(ListNodesRequest.newBuilder().setAllTime(true)
                .setStatus(NodeStatus.NODE_STATUS_ONLINE).setPageSize(1000).build());
        assertTrue(online.getEntriesList().stream().anyMatch(e -> e.getWalletAddress().equals(small)
                && e.getStatus() == NodeStatus.NODE_STATUS_ONLINE && e.hasLastHeartbeatTime()));
        assertTrue(online.getEntriesList().stream().noneMatch(e -> e.getWalletAddress().equals(big)),
                "a wallet that never beat is not online");
        var day = stub.listNodes(ListNodesRequest.newBuilder().setPageSize(1000).build());
        assertEquals(day.getEntriesCount(), day.getDailyMetricsCount(), "one day: both lists, same order");

        HttpResponse<String> noStart = server.get("/v1/nodes?endDate=" + today);
        assertEquals(400, noStart.statusCode());
        assertTrue(noStart.body().contains("start_date"), noStart.body());
        assertEquals(400, server.get("/v1/nodes?start_date=2024-01-01&end_date=" + today).statusCode());
    }
}
