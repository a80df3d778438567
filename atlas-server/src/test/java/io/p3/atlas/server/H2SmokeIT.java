package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.TrackContentServedRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The zero-setup default: embedded H2 under ATLAS_DATA_DIR, data surviving a restart. */
class H2SmokeIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.h2();

    static final String WALLET = "0x6666666666666666666666666666666666666666";

    @Test
    void servesAllTransportsAndKeepsDataAcrossRestart() throws Exception {
        HttpResponse<String> r = server.postJson("/v1/nodes/" + WALLET + ":trackContentServed", "{\"bytes\":\"77\"}");
        assertEquals(200, r.statusCode(), r.body());
        var stub = NodeServiceGrpc.newBlockingStub(server.channel());
        stub.trackContentServed(TrackContentServedRequest.newBuilder().setWalletAddress(WALLET).setBytes(23).build());
        assertEquals(100, stub.getNode(GetNodeRequest.newBuilder().setWalletAddress(WALLET).build())
                .getNode().getBytesServed());
        assertTrue(server.get("/internal/metrics").body().contains("atlas_http_requests_total"));

        server.server().close();
        try (AtlasServer restarted = AtlasServer.start(server.config())) {
            var channel = NettyChannelBuilder.forAddress("127.0.0.1", restarted.port()).usePlaintext().build();
            try {
                assertEquals(100, NodeServiceGrpc.newBlockingStub(channel)
                        .getNode(GetNodeRequest.newBuilder().setWalletAddress(WALLET).build())
                        .getNode().getBytesServed());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
