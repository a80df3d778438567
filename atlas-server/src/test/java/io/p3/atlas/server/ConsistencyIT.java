package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.MutableClock;
import io.p3.atlas.v1.CreateStreamRequest;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.GetStreamRequest;
import io.p3.atlas.v1.Stream;
import io.p3.atlas.v1.StreamKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Against PostgreSQL, through the real wiring: one timestamp precision on the wire (what a create answers
 * is what every later read returns), and catalog streams that never outlive the channel or asset they play.
 */
class ConsistencyIT {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A clock with nanoseconds PostgreSQL cannot store: 123456789 ns. */
    static final MutableClock CLOCK = MutableClock.at("2026-11-30T12:00:00.123456789Z");

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.postgres().clock(CLOCK);

    static JsonNode json(HttpResponse<String> r) throws Exception {
        assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.body());
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> put(String path, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> delete(String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).DELETE().build());
    }

    @Test
    void timestampsHaveOnePrecisionOnTheWire() throws Exception {
        JsonNode asset = json(put("/content/clip?type=media", "bytes"));
        assertEquals("2026-11-30T12:00:00.123456Z", asset.get("createTime").asText());
        assertEquals(asset.get("createTime"), json(server.get("/v1/assets/clip")).get("createTime"));

        JsonNode relay = json(server.postJson("/v1/relays", "{\"id\": \"r1\", \"walletAddress\":"
                + " \"0x1515151515151515151515151515151515151515\", \"endpointUrl\": \"wss://r1.example.org/live\","
                + " \"region\": \"eu\", \"capacityMbps\": 100}"));
        assertEquals(relay.get("lastHeartbeatTime"), json(server.get("/v1/relays/r1")).get("lastHeartbeatTime"));

        CatalogServiceGrpc.CatalogServiceBlockingStub grpc = CatalogServiceGrpc.newBlockingStub(server.channel());
        Stream created = grpc.createStream(CreateStreamRequest.newBuilder().setStream(Stream.newBuilder()
                .setId("film").setTitle("Film").setKind(StreamKind.STREAM_KIND_VOD).setAssetId("clip")).build())
                .getStream();
        assertEquals(123_456_000, created.getCreateTime().getNanos());
        assertEquals(created, grpc.getStream(GetStreamRequest.newBuilder().setId("film").build()).getStream());
        assertEquals(Instant.parse("2026-11-30T12:00:00.123456Z"),
                Instant.parse(json(server.get("/v1/streams/film")).get("createTime").asText()));
    }

    @Test
    void deletingAChannelOrAnAssetRemovesTheStreamsThatPlayIt() throws Exception {
        json(server.postJson("/v1/channels:import",
                "{\"playlistContent\": \"#EXTM3U\\n#EXTINF:-1,Gone\\nhttp://gone.example/live\\n\"}"));
        String channel = json(server.get("/v1/channels?query=gone")).get("channels").get(0).get("id").asText();
        json(put("/content/trailer?type=media", "trailer bytes"));
        json(server.postJson("/v1/streams", "{\"id\": \"on-channel\", \"title\": \"Live\", \"kind\": \"live\","
                + " \"channelId\": \"" + channel + "\", \"tags\": [\"gone\"]}"));
        json(server.postJson("/v1/streams", "{\"id\": \"on-asset\", \"title\": \"Trailer\", \"kind\": \"vod\","
                + " \"assetId\": \"trailer\", \"tags\": [\"gone\"]}"));
        assertEquals(2, json(server.get("/v1/streams?tag=gone")).get("streams").size(), "cached before the deletes");

        assertEquals(200, delete("/v1/channels/" + channel).statusCode());
        assertEquals(404, server.get("/v1/streams/on-channel").statusCode());
        assertEquals(200, delete("/v1/assets/trailer").statusCode());
        assertEquals(404, server.get("/v1/streams/on-asset").statusCode());
        assertEquals(0, json(server.get("/v1/streams?tag=gone")).get("streams").size());

        HttpResponse<String> dangling = server.postJson("/v1/streams", "{\"title\": \"Nothing\", \"kind\": \"vod\","
                + " \"assetId\": \"trailer\"}");
        assertEquals(400, dangling.statusCode(), dangling.body());
        assertTrue(dangling.body().contains("stream.asset_id 'trailer' is not an asset"), dangling.body());
    }
}
