package io.p3.atlas.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p3.atlas.v1.Channel;
import io.p3.atlas.v1.ListChannelsResponse;
import org.junit.jupiter.api.Test;

class WireTwinsTest {
    static ListChannelsResponse page() {
        ListChannelsResponse.Builder b = ListChannelsResponse.newBuilder().setTotalSize(1234).setNextPageToken("tok");
        for (int i = 0; i < 50; i++) {
            b.addChannels(Channel.newBuilder().setId("id-" + i).setName("Chaîne é " + i).setGroup("News")
                    .setUrl("http://example/" + i + ".m3u8").addLabels("Not 24/7").setCreateTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(1_700_000_000L + i)));
        }
        return b.build();
    }

    @Test
    void aTwinWritesTheVeryBytesOfItsMessage() {
        ListChannelsResponse m = page();
        ListChannelsResponse twin = WireTwins.of(m);
        assertEquals(m.toByteString(), twin.toByteString());
        assertEquals(m.getSerializedSize(), twin.getSerializedSize());
        assertEquals(0, twin.getChannelsCount(), "its fields are unknown ones");
        assertEquals(m, assertParses(twin));
    }

    static ListChannelsResponse assertParses(ListChannelsResponse twin) {
        try {
            ListChannelsResponse back = ListChannelsResponse.parseFrom(twin.toByteArray());
            assertTrue(back.getUnknownFields().asMap().isEmpty());
            return back;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anythingElseIsReturnedAsIs() {
        String s = "not a message";
        assertSame(s, WireTwins.of(s));
        assertTrue(!WireTwins.protoWire(), "outside a request nothing is binary");
    }
}
