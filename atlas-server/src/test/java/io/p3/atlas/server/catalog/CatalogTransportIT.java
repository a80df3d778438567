package io.p3.atlas.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.App;
import io.p3.atlas.v1.AssetType;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.Channel;
import io.p3.atlas.v1.CreateStreamRequest;
import io.p3.atlas.v1.GetAssetManifestRequest;
import io.p3.atlas.v1.GetChannelRequest;
import io.p3.atlas.v1.ImportChannelsRequest;
import io.p3.atlas.v1.ImportChannelsResponse;
import io.p3.atlas.v1.ListChannelsRequest;
import io.p3.atlas.v1.ListChannelsResponse;
import io.p3.atlas.v1.RegisterAppRequest;
import io.p3.atlas.v1.Stream;
import io.p3.atlas.v1.StreamKind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CatalogService over gRPC, gRPC-Web and HTTP/JSON against PostgreSQL. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogTransportIT {
    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres();

    static final ObjectMapper JSON = new ObjectMapper();

    CatalogServiceGrpc.CatalogServiceBlockingStub grpc() {
        return CatalogServiceGrpc.newBlockingStub(server.channel());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static String quote(String s) throws Exception {
        return JSON.writeValueAsString(s);
    }

    HttpResponse<String> delete(String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).DELETE().build());
    }

    @Test
    @Order(1)
    void canadianPlaylistOverGrpcAndEveryListedIdRoundTripsOverGrpcAndHttp() throws Exception {
        ImportChannelsResponse r = grpc().importChannels(ImportChannelsRequest.newBuilder()
                .setPlaylistContent(CatalogStoreContract.fixture("iptv-org-ca.m3u")).build());
        assertEquals(136, r.getImportedCount());
        assertEquals(0, r.getSkippedCount());

        List<Channel> all = new ArrayList<>();
        String token = "";
        do {
            ListChannelsResponse page = grpc().listChannels(ListChannelsRequest.newBuilder().setPageSize(40)
                    .setPageToken(token).build());
            assertEquals(136, page.getTotalSize());
            all.addAll(page.getChannelsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertEquals(136, all.size());
        Set<String> ids = new HashSet<>();
        for (Channel c : all) {
            assertTrue(ids.add(c.getId()));
            assertEquals(c, grpc().getChannel(GetChannelRequest.newBuilder().setId(c.getId()).build()).getChannel());
            HttpResponse<String> http = server.get("/v1/channels/" + c.getId());
            assertEquals(200, http.statusCode(), http.body());
            assertEquals(c.getId(), json(http).get("id").asText());
            assertEquals(c.getName(), json(http).get("name").asText());
        }
    }

    @Test
    @Order(2)
    void germanPlaylistOverHttpPagesByLanguage() throws Exception {
        HttpResponse<String> imported = server.postJson("/v1/channels:import",
                "{\"playlistContent\": " + quote(CatalogStoreContract.fixture("iptv-org-de-excerpt.m3u")) + "}");
        assertEquals(200, imported.statusCode(), imported.body());
        assertEquals(30, json(imported).get("importedCount").asInt());

        List<String> ids = new ArrayList<>();
        String token = "";
        do {
            HttpResponse<String> page = server.get("/v1/channels?language=German&pageSize=5"
                    + (token.isEmpty() ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            assertEquals(200, page.statusCode(), page.body());
            JsonNode body = json(page);
            assertEquals(30, body.get("totalSize").asInt());
            assertTrue(body.get("channels").size() <= 5);
            body.get("channels").forEach(c -> {
                assertEquals("German", c.get("language").asText());
                ids.add(c.get("id").asText());
            });
            token = body.get("nextPageToken").asText();
        } while (!token.isEmpty());
        assertEquals(30, ids.size());
        for (String id : ids) {
            assertEquals(200, server.get("/v1/channels/" + id).statusCode());
        }
        HttpResponse<String> query = server.get("/v1/channels?query=bibel");
        assertEquals(2, json(query).get("totalSize").asInt(), query.body());
    }

    @Test
    @Order(3)
    void errorsAreSpecificOverEveryTransport() throws Exception {
        HttpResponse<String> notPlaylist = server.postJson("/v1/channels:import", "{\"playlistContent\": \"<html/>\"}");
        assertEquals(400, notPlaylist.statusCode());
        assertTrue(notPlaylist.body().contains("playlist_content"), notPlaylist.body());
        HttpResponse<String> neither = server.postJson("/v1/channels:import", "{}");
        assertEquals(400, neither.statusCode());
        assertEquals(404, server.get("/v1/channels/no-such-channel-000000000000").statusCode());
        HttpResponse<String> badToken = server.get("/v1/channels?pageToken=nope");
        assertEquals(400, badToken.statusCode());
        assertTrue(badToken.body().contains("page_token"), badToken.body());

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> grpc().getChannel(GetChannelRequest.newBuilder().setId("no-such").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        StatusRuntimeException badSize = assertThrows(StatusRuntimeException.class,
                () -> grpc().listChannels(ListChannelsRequest.newBuilder().setPageSize(-1).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badSize.getStatus().getCode());
        assertTrue(badSize.getStatus().getDescription().contains("page_size"));
    }

    @Test
    @Order(4)
    void grpcWebListsAndGets() {
        CatalogServiceGrpc.CatalogServiceBlockingStub web = GrpcClients.builder(server.baseUri())
                .serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .build(CatalogServiceGrpc.CatalogServiceBlockingStub.class);
        Channel first = web.listChannels(ListChannelsRequest.newBuilder().setPageSize(1).build()).getChannels(0);
        assertEquals(first, web.getChannel(GetChannelRequest.newBuilder().setId(first.getId()).build()).getChannel());
    }

    @Test
    @Order(5)
    void streamsOverHttpAndGrpc() throws Exception {
        String channelId = json(server.get("/v1/channels?pageSize=1")).get("channels").get(0).get("id").asText();
        HttpResponse<String> created = server.postJson("/v1/streams", "{\"id\": \"news-live\", \"title\": \"News\","
                + " \"kind\": \"STREAM_KIND_LIVE\", \"channelId\": \"" + channelId + "\", \"tags\": [\"News\"]}");
        assertEquals(200, created.statusCode(), created.body());
        assertEquals("news", json(created).get("tags").get(0).asText());
        HttpResponse<String> asset = server.send(HttpRequest.newBuilder(
                URI.create(server.baseUri() + "/content/asset-1?type=media"))
                .PUT(HttpRequest.BodyPublishers.ofString("movie bytes")).build());
        assertEquals(201, asset.statusCode(), asset.body());
        Stream vod = grpc().createStream(CreateStreamRequest.newBuilder().setStream(Stream.newBuilder()
                .setId("movie-1").setTitle("Movie").setKind(StreamKind.STREAM_KIND_VOD).setAssetId("asset-1")).build())
                .getStream();
        assertEquals("asset-1", vod.getAssetId());

        HttpResponse<String> dup = server.postJson("/v1/streams", "{\"id\": \"movie-1\", \"title\": \"Again\","
                + " \"kind\": \"STREAM_KIND_VOD\", \"assetId\": \"a\"}");
        assertEquals(409, dup.statusCode(), dup.body());
        HttpResponse<String> noKind = server.postJson("/v1/streams", "{\"id\": \"x\", \"title\": \"X\", \"assetId\": \"a\"}");
        assertEquals(400, noKind.statusCode());
        assertTrue(noKind.body().contains("stream.kind"), noKind.body());

        JsonNode live = json(server.get("/v1/streams?kind=STREAM_KIND_LIVE"));
        assertEquals(1, live.get("streams").size(), live.toString());
        assertEquals("news-live", live.get("streams").get(0).get("id").asText());
        assertEquals(1, json(server.get("/v1/streams?tag=news")).get("streams").size());
        assertEquals("Movie", json(server.get("/v1/streams/movie-1")).get("title").asText());
        assertEquals(200, delete("/v1/streams/movie-1").statusCode());
        assertEquals(404, server.get("/v1/streams/movie-1").statusCode());
        assertEquals(404, delete("/v1/streams/movie-1").statusCode());
    }

    @Test
    @Order(6)
    void appsOverHttpAndGrpc() throws Exception {
        HttpResponse<String> registered = server.postJson("/v1/apps", "{\"id\": \"com.example.quiz\", \"name\": \"Quiz\","
                + " \"entryAssetId\": \"quiz-bundle\", \"version\": \"1.0.0\", \"category\": \"games\"}");
        assertEquals(200, registered.statusCode(), registered.body());
        grpc().registerApp(RegisterAppRequest.newBuilder().setApp(App.newBuilder().setId("com.example.news")
                .setName("News").setCategory("news")).build());
        assertEquals(409, server.postJson("/v1/apps", "{\"id\": \"com.example.quiz\", \"name\": \"Q\"}").statusCode());
        HttpResponse<String> noName = server.postJson("/v1/apps", "{\"id\": \"x\"}");
        assertEquals(400, noName.statusCode());
        assertTrue(noName.body().contains("app.name"), noName.body());
        JsonNode games = json(server.get("/v1/apps?category=Games"));
        assertEquals(1, games.get("apps").size());
        assertEquals("quiz-bundle", games.get("apps").get(0).get("entryAssetId").asText());
        assertEquals("Quiz", json(server.get("/v1/apps/com.example.quiz")).get("name").asText());
        assertEquals(200, delete("/v1/apps/com.example.quiz").statusCode());
        assertEquals(404, server.get("/v1/apps/com.example.quiz").statusCode());
    }

    @Test
    @Order(7)
    void assetManifestsByLowerCaseTypeOrEnumName() throws Exception {
        HttpResponse<String> sdk = server.get("/v1/assetManifests/sdk");
        assertEquals(200, sdk.statusCode(), sdk.body());
        JsonNode m = json(sdk);
        assertEquals("ASSET_TYPE_SDK", m.get("type").asText());
        assertEquals(0, m.get("assets").size());
        assertEquals("0", m.get("totalSize").asText());
        assertEquals(32, m.get("etag").asText().length());
        assertTrue(m.has("generateTime"));
        assertEquals(AssetType.ASSET_TYPE_MEDIA, grpc().getAssetManifest(GetAssetManifestRequest.newBuilder()
                .setType("ASSET_TYPE_MEDIA").build()).getManifest().getType());
        HttpResponse<String> bad = server.get("/v1/assetManifests/video");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("sdk, bundle, game, media"), bad.body());
    }

    @Test
    @Order(8)
    void deleteChannelAndCacheMetrics() throws Exception {
        String id = json(server.get("/v1/channels?pageSize=1")).get("channels").get(0).get("id").asText();
        assertEquals(200, server.get("/v1/channels/" + id).statusCode());
        assertEquals(200, delete("/v1/channels/" + id).statusCode());
        assertEquals(404, server.get("/v1/channels/" + id).statusCode(), "the cached channel is gone after delete");
        assertEquals(404, delete("/v1/channels/" + id).statusCode());

        String metrics = server.get("/internal/metrics").body();
        assertTrue(metrics.contains("cache_gets_total{cache=\"atlas.catalog.channels\",result=\"hit\""), metrics);
        assertTrue(metrics.contains("cache_gets_total{cache=\"atlas.catalog.channels\",result=\"miss\""), metrics);
        assertFalse(metrics.contains("cache_gets_total{cache=\"atlas.catalog.channels\",result=\"hit\"} 0.0"));
    }

    @Test
    @Order(9)
    void bareCurlFormContentTypeIsAcceptedAsJson() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/channels:import"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"playlistContent\": "
                        + quote("#EXTM3U\n#EXTINF:-1,Form\nhttp://form.example/\n") + "}")).build());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, json(r).get("importedCount").asInt());
    }

    @Test
    @Order(10)
    void reimportWithReplaceSourceReportsWhatItRemoved() throws Exception {
        String two = "#EXTM3U\n#EXTINF:-1,Keep\nhttp://replace.example/keep\n#EXTINF:-1,Drop\nhttp://replace.example/drop\n";
        String one = "#EXTM3U\n#EXTINF:-1,Keep\nhttp://replace.example/keep\n";
        HttpResponse<String> first = server.postJson("/v1/channels:import",
                "{\"playlistContent\": " + quote(two) + ", \"source\": \"replace-test\", \"replaceSource\": true}");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(0, json(first).get("removedCount").asInt(), first.body());
        HttpResponse<String> again = server.postJson("/v1/channels:import",
                "{\"playlistContent\": " + quote(one) + ", \"source\": \"replace-test\", \"replaceSource\": true}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(1, json(again).get("removedCount").asInt(), again.body());
        assertEquals(1, json(again).get("updatedCount").asInt(), again.body());
        assertEquals(0, json(server.get("/v1/channels?query=drop")).get("channels").size());
        assertEquals(1, json(server.get("/v1/channels?query=keep")).get("channels").size());
    }
}
