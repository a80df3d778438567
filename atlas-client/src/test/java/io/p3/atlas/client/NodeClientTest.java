package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.p3.atlas.v1.ListDailyMetricsRequest;
import io.p3.atlas.v1.ListDailyMetricsResponse;
import io.p3.atlas.v1.NodeDailyMetrics;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RecordHeartbeatRequest;
import io.p3.atlas.v1.RecordHeartbeatResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK's own behaviour (paging loops, error translation) against a scripted in-process server.
 * The SDK against the real server is covered by the examples module's tests.
 */
class NodeClientTest {
    private final List<String> tokensSeen = new ArrayList<>();
    private Server server;
    private ManagedChannel channel;
    private AtlasClient client;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new NodeServiceGrpc.NodeServiceImplBase() {
            @Override
            public void recordHeartbeat(RecordHeartbeatRequest req, StreamObserver<RecordHeartbeatResponse> out) {
                out.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.INVALID_ARGUMENT_VALUE).setMessage("wallet_address must be 0x…")
                        .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
                                BadRequest.FieldViolation.newBuilder().setField("wallet_address")).build()))
                        .build()));
            }

            @Override
            public void listDailyMetrics(ListDailyMetricsRequest req, StreamObserver<ListDailyMetricsResponse> out) {
                tokensSeen.add(req.getPageToken());
                int page = req.getPageToken().isEmpty() ? 0 : Integer.parseInt(req.getPageToken());
                out.onNext(ListDailyMetricsResponse.newBuilder()
                        .addDailyMetrics(NodeDailyMetrics.newBuilder().setStatsDate("2026-01-0" + (page + 1)))
                        .setNextPageToken(page < 2 ? Integer.toString(page + 1) : "")
                        .build());
                out.onCompleted();
            }
        }).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        client = AtlasClient.forChannel(channel);
    }

    @AfterEach
    void stop() {
        client.close();
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void dailyMetricsFollowsEveryPage() {
        List<NodeDailyMetrics> rows = client.nodes().dailyMetrics("0xabc", null, null);
        assertEquals(List.of("2026-01-01", "2026-01-02", "2026-01-03"),
                rows.stream().map(NodeDailyMetrics::getStatsDate).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of("", "1", "2"), tokensSeen);
    }

    @Test
    void errorsCarryCodeAndField() {
        AtlasClientException e = assertThrows(AtlasClientException.class, () -> client.nodes().heartbeat("bad", 1));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.code());
        assertEquals("wallet_address", e.field().orElseThrow());
    }
}
