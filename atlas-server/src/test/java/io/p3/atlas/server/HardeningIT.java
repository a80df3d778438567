package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.RawCalls;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.GetNodeRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The inputs the issue found answering 500, size caps, and request ids. */
class HardeningIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.h2();
    static final String W = "0x52908400098527886E0F7030069857D2E4169EE7";

    static void assertInvalid(HttpResponse<String> r, String field) {
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"grpc-code\":\"INVALID_ARGUMENT\""), r.body());
        if (field != null) {
            assertTrue(r.body().contains("\"field\":\"" + field + "\""), r.body());
        }
        assertFalse(r.body().contains("Exception"), r.body());
    }

    @Test
    void int64FieldHoldingANonNumberNamesTheField() {
        assertInvalid(server.postJson("/v1/nodes/" + W + ":trackContentServed", "{\"bytes\":\"%00\"}"), "bytes");
        assertInvalid(server.postJson("/v1/nodes/" + W + ":trackContentServed", "{\"bytes\":true}"), "bytes");
        HttpResponse<String> nested = server.postJson("/v1/events:ingest",
                "{\"events\":[{\"name\":\"a\"},{\"name\":\"b\",\"eventTime\":\"yesterday\"}]}");
        assertInvalid(nested, "events[1].event_time");
        // unframed JSON straight to the gRPC path
        assertInvalid(server.postJson("/atlas.v1.NodeService/TrackContentServed",
                "{\"walletAddress\":\"" + W + "\",\"bytes\":true}"), "bytes");
    }

    @Test
    void aBodyThatIsNotAJsonObject() {
        HttpResponse<String> r = server.postJson("/v1/events:ingest", "\"NaN\"");
        assertInvalid(r, null);
        assertTrue(r.body().contains("must be a JSON object"), r.body());
        assertInvalid(server.postJson("/v1/events:ingest", "{\"events\":[}"), null);
        assertInvalid(server.postJson("/v1/events:ingest", "[".repeat(5000)), null);
    }

    @Test
    void anEmptyNumericQueryParameterNamesTheField() {
        assertInvalid(server.get("/v1/channels?pageSize="), "page_size");
        assertInvalid(server.get("/v1/nodes?page_size=ten"), "page_size");
    }

    @Test
    void everyResponseCarriesARequestId() {
        HttpResponse<String> ok = server.get("/v1/nodes");
        assertTrue(ok.headers().firstValue("x-request-id").orElse("").matches("[0-9a-f]{16}"), ok.headers().map().toString());
        assertTrue(server.get("/v1/channels?pageSize=").headers().firstValue("x-request-id").isPresent());
        RawCalls.Result r = RawCalls.grpc(server.channel(), "atlas.v1.NodeService/GetNode",
                io.grpc.MethodDescriptor.MethodType.UNARY, GetNodeRequest.newBuilder().setWalletAddress("nope").build()
                        .toByteArray(), new Metadata());
        assertEquals(Status.Code.INVALID_ARGUMENT, r.code());
        assertTrue(r.trailers().containsKey(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER)),
                "gRPC callers get it as a trailer: " + r.trailers());
    }

    @Test
    void sizeCapsAnswerPreciselyNamingTheLimit() {
        String big = "{\"playlistContent\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}";
        HttpResponse<String> tooBig = server.postJson("/v1/channels:import", big);
        assertEquals(413, tooBig.statusCode());
        assertTrue(tooBig.body().contains("10485760 bytes"), tooBig.body());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> CatalogServiceGrpc
                .newBlockingStub(server.channel()).importChannels(ImportChannelsRequest.newBuilder()
                        .setPlaylistContent("#EXTM3U\n" + "a".repeat(11 * 1024 * 1024)).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        assertTrue(String.valueOf(e.getStatus().getDescription()).contains("larger than the limit"), e.getStatus().toString());

        HttpResponse<String> headers = server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/nodes"))
                .header("x-padding", "p".repeat(20_000)).GET().build());
        assertEquals(431, headers.statusCode());
        assertTrue(headers.body().contains("16384 bytes"), headers.body());

        StatusRuntimeException tooMany = assertThrows(StatusRuntimeException.class, () ->
                io.p3.atlas.v1.AnalyticsServiceGrpc.newBlockingStub(server.channel()).ingestEvents(
                        io.p3.atlas.v1.IngestEventsRequest.newBuilder().addAllEvents(java.util.Collections.nCopies(1001,
                                io.p3.atlas.v1.Event.newBuilder().setName("a").build())).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, tooMany.getStatus().getCode());
        assertTrue(tooMany.getStatus().getDescription().contains("1000"), tooMany.getStatus().getDescription());
    }

    @Test
    void protocolViolationsAreTheCallersFault() {
        // A frame whose length prefix promises more bytes than follow; a unary call without a message.
        byte[] cut = java.util.Arrays.copyOf(RawCalls.frame(GetNodeRequest.newBuilder().setWalletAddress(W).build()
                .toByteArray()), 12);
        RawCalls.Result r = RawCalls.grpcWebFramed(server.baseUri(), "atlas.v1.NodeService/GetNode", cut, java.util.Map.of());
        assertEquals(Status.Code.INVALID_ARGUMENT, r.code(), r.message());
        RawCalls.Result none = RawCalls.grpcWebFramed(server.baseUri(), "atlas.v1.NodeService/GetNode", new byte[0],
                java.util.Map.of());
        assertEquals(Status.Code.INVALID_ARGUMENT, none.code(), none.message());
        RawCalls.Result garbage = RawCalls.grpc(server.channel(), "atlas.v1.NodeService/GetNode",
                io.grpc.MethodDescriptor.MethodType.UNARY, new byte[] {(byte) 0xff, 0x01}, new Metadata());
        assertEquals(Status.Code.INVALID_ARGUMENT, garbage.code(), garbage.message());
        // An event_time beyond what java.time can hold is that event's rejection, not a server error.
        var summary = io.p3.atlas.v1.AnalyticsServiceGrpc.newBlockingStub(server.channel()).ingestEvents(
                io.p3.atlas.v1.IngestEventsRequest.newBuilder().addEvents(io.p3.atlas.v1.Event.newBuilder().setName("a")
                        .setEventTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))).build());
        assertEquals(0, summary.getAcceptedCount());
        assertEquals("event_time", summary.getRejections(0).getField());
    }

    @Test
    void grpcFieldViolationsSurviveTheNewJsonPath() throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> NodeServiceGrpc
                .newBlockingStub(server.channel()).getNode(GetNodeRequest.newBuilder().setWalletAddress("0x12").build()));
        assertEquals("wallet_address", StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class)
                .getFieldViolations(0).getField());
    }
}
