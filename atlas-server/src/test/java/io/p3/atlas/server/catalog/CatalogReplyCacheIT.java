package io.p3.atlas.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.SerializationFormat;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.micrometer.core.instrument.FunctionCounter;
import io.p3.atlas.server.error.RequestIds;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.ListChannelsRequest;
import io.p3.atlas.v1.ListChannelsResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cached catalog reads: a repeated HTTP/JSON GET is answered from its rendered reply with the very bytes,
 * status and headers of the first, CORS included; a write is seen at once; errors and RPCs that don't
 * declare their replies cacheable are never answered from the cache; gRPC gets the same cached reply, in every
 * encoding (binary callers through its wire twin).
 */
class CatalogReplyCacheIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.h2();

    static WebClient http;

    @BeforeAll
    static void importChannels() {
        CatalogServiceGrpc.newBlockingStub(server.channel()).importChannels(ImportChannelsRequest.newBuilder()
                .setPlaylistContent("#EXTM3U\n"
                        + "#EXTINF:-1 tvg-id=\"alpha.ca\" group-title=\"News\",Alpha\nhttp://alpha.example/a.m3u8\n"
                        + "#EXTINF:-1 tvg-id=\"beta.ca\" group-title=\"News\",Beta\nhttp://beta.example/b.m3u8\n"
                        + "#EXTINF:-1 tvg-id=\"gamma.ca\" group-title=\"Kids\",Gamma\nhttp://gamma.example/g.m3u8\n")
                .build());
        http = WebClient.of(server.baseUri());
    }

    static AggregatedHttpResponse get(String path, String origin) {
        RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.GET, path);
        if (origin != null) {
            h.set(HttpHeaderNames.ORIGIN, origin);
        }
        return http.execute(h.build()).aggregate().join();
    }

    /** Replies answered from the rendered-reply cache so far. */
    static double hits() {
        FunctionCounter c = server.server().meters().find("cache.gets").tag("cache", "atlas.http.replies")
                .tag("result", "hit").functionCounter();
        return c == null ? 0 : c.count();
    }

    /** The headers that belong to the reply (the date, request id and remaining rate budget are per request). */
    static ResponseHeaders withoutDate(ResponseHeaders h) {
        return h.toBuilder().removeAndThen(HttpHeaderNames.DATE).removeAndThen(RequestIds.HEADER)
                .removeAndThen(HttpHeaderNames.of("ratelimit")).build();
    }

    @Test
    void aRepeatedGetIsAnsweredWithTheSameBytesStatusAndHeaders() {
        String path = "/v1/channels?group=News&pageSize=1";
        AggregatedHttpResponse first = get(path, "https://console.example");
        double before = hits();
        AggregatedHttpResponse again = get(path, "https://console.example");
        assertEquals(before + 1, hits(), "answered from the rendered reply");
        assertEquals(200, again.status().code());
        assertEquals(first.contentUtf8(), again.contentUtf8());
        assertEquals(withoutDate(first.headers()), withoutDate(again.headers()));
        assertEquals("*", again.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN), "CORS on a hit too");
        String firstId = first.headers().get(RequestIds.HEADER);
        String hitId = again.headers().get(RequestIds.HEADER);
        assertTrue(hitId != null && !hitId.equals(firstId), "a hit carries its own request id: " + hitId);
        assertTrue(again.headers().contains(HttpHeaderNames.of("ratelimit")), "a hit spends from the read budget");
        assertTrue(again.contentUtf8().contains("\"totalSize\":2"), again.contentUtf8());

        String id = again.contentUtf8().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        AggregatedHttpResponse one = get("/v1/channels/" + id, null);
        assertEquals(one.contentUtf8(), get("/v1/channels/" + id, null).contentUtf8());
        assertEquals(before + 2, hits(), "GetChannel too");

        // gRPC callers get the same cached page.
        ListChannelsResponse grpc = CatalogServiceGrpc.newBlockingStub(server.channel()).listChannels(
                ListChannelsRequest.newBuilder().setGroup("News").setPageSize(1).build());
        assertEquals(id, grpc.getChannels(0).getId());
        assertEquals(2, grpc.getTotalSize());
    }

    @Test
    void everyEncodingGetsTheWholeCachedReply() {
        ListChannelsRequest page = ListChannelsRequest.newBuilder().setGroup("News").setPageSize(2).build();
        ListChannelsResponse first = grpc(GrpcSerializationFormats.PROTO).listChannels(page);
        assertEquals(2, first.getChannelsCount());
        // Hits: binary callers get the reply's wire twin, JSON callers the reply itself; all parse the same.
        for (int i = 0; i < 2; i++) {
            for (SerializationFormat f : List.of(GrpcSerializationFormats.PROTO, GrpcSerializationFormats.PROTO_WEB,
                    GrpcSerializationFormats.JSON, GrpcSerializationFormats.JSON_WEB)) {
                ListChannelsResponse again = grpc(f).listChannels(page);
                assertEquals(first, again, f.uriText());
                assertTrue(again.getUnknownFields().asMap().isEmpty(), f.uriText());
            }
        }
        String json = get("/v1/channels?group=News&pageSize=2", null).contentUtf8();
        assertTrue(json.contains(first.getChannels(1).getId()) && json.contains("\"totalSize\":2"), json);
    }

    static CatalogServiceGrpc.CatalogServiceBlockingStub grpc(SerializationFormat format) {
        return GrpcClients.builder(server.baseUri()).serializationFormat(format)
                .build(CatalogServiceGrpc.CatalogServiceBlockingStub.class);
    }

    @Test
    void aWriteIsSeenAtOnce() {
        String path = "/v1/channels?group=Kids";
        assertTrue(get(path, null).contentUtf8().contains("\"totalSize\":1"));
        assertTrue(get(path, null).contentUtf8().contains("\"totalSize\":1"));
        CatalogServiceGrpc.newBlockingStub(server.channel()).importChannels(ImportChannelsRequest.newBuilder()
                .setPlaylistContent("#EXTM3U\n#EXTINF:-1 group-title=\"Kids\",Delta\nhttp://delta.example/d.m3u8\n")
                .build());
        String after = get(path, null).contentUtf8();
        assertTrue(after.contains("\"totalSize\":2") && after.contains("Delta"), after);
    }

    @Test
    void errorsAndUndeclaredRepliesAreNeverCached() {
        double before = hits();
        for (int i = 0; i < 2; i++) {
            AggregatedHttpResponse missing = get("/v1/channels/no-such-channel", null);
            assertEquals(404, missing.status().code(), missing.contentUtf8());
            assertEquals(200, get("/v1/streams", null).status().code()); // ListStreams declares nothing
        }
        assertEquals(before, hits());
    }
}
