package io.p3.atlas.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.Event;
import io.p3.atlas.v1.GetNodeRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code apiKey(…)} puts {@code authorization: Bearer …} on every call, as a real server receives it. */
class ApiKeyIT extends FrontServerTestBase {
    private static final String WALLET = "0xD000000000000000000000000000000000000001";

    @Test
    void everyKindOfCallCarriesTheKey() {
        front.fail(NodeServiceGrpc.getGetNodeMethod(), 1, Status.Code.UNAVAILABLE);
        try (AtlasClient atlas = AtlasClient.builder(front.target()).apiKey("atlas_k3y-123").build()) {
            atlas.nodes().heartbeat(WALLET, 1); // unary
            atlas.nodes().getNode(WALLET); // unary, retried once: both attempts carry the key
            atlas.assets().upload("keyed", AssetType.ASSET_TYPE_MEDIA, null, null,
                    new ByteArrayInputStream(new byte[] {1, 2, 3})); // client streaming
            atlas.assets().read("keyed", 0, 0, new ByteArrayOutputStream()); // server streaming
            try (AnalyticsClient.EventStream s = atlas.analytics().openStream()) {
                s.send(List.of(Event.newBuilder().setName("keyed").build()));
                assertEquals(1, s.finish().getAcceptedCount());
            }
            // The generated stubs on atlas.channel() too.
            NodeServiceGrpc.newBlockingStub(atlas.channel())
                    .getNode(GetNodeRequest.newBuilder().setWalletAddress(WALLET).build());
        }
        assertEquals(3, front.count(NodeServiceGrpc.getGetNodeMethod()));
        assertEquals(1, front.count(StreamServiceGrpc.getUploadAssetMethod()));
        assertEquals(7, front.arrivals().size());
        assertTrue(front.arrivals().stream().allMatch(a -> "Bearer atlas_k3y-123".equals(a.authorization())),
                front.arrivals().toString());
    }

    @Test
    void withoutAKeyNoAuthorizationIsSent() {
        try (AtlasClient atlas = AtlasClient.connect(front.target())) {
            atlas.nodes().heartbeat(WALLET, 1);
        }
        assertNull(front.arrivals().get(0).authorization());
    }

    @Test
    void aKeyThatCannotBeAHeaderValueIsRefused() {
        AtlasClient.Builder b = AtlasClient.builder(front.target());
        assertThrows(IllegalArgumentException.class, () -> b.apiKey(""));
        assertThrows(IllegalArgumentException.class, () -> b.apiKey("two words"));
        assertThrows(IllegalArgumentException.class, () -> b.apiKey("schl\u00fcssel"));
    }
}
