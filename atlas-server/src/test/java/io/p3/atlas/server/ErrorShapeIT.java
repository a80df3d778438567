package io.p3.atlas.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.StatusDetails;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.GetAssetRequest;
import io.p3.atlas.v1.GetChannelRequest;
import io.p3.atlas.v1.ListStreamsRequest;
import io.p3.atlas.v1.StreamServiceGrpc;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Issue 15 over the wire: every HTTP client error answers the one JSON shape (/v1, unframed JSON, /content,
 * multipart, HTTP-level failures), messages are plain text, client errors are no warnings, and nothing a
 * caller sends is silently ignored (unknown enum values and JSON fields, query parameters).
 */
class ErrorShapeIT {
    static final int MAX_ASSET = 64 * 1024;
    static final String WALLET = "0x1515151515151515151515151515151515151515";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static AtlasServerExtension server = AtlasServerExtension.h2()
            .env("ATLAS_MAX_ASSET_BYTES", Integer.toString(MAX_ASSET));

    static HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .expectContinue(body != null && body.length > 1024 * 1024);
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        return server.send(b.build());
    }

    static HttpResponse<String> post(String path, String contentType, String body) {
        return send("POST", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> multipart(String path, String... nameValues) {
        String boundary = "atlas15";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            b.append("--").append(boundary).append("\r\ncontent-disposition: form-data; name=\"")
                    .append(nameValues[i]).append("\"\r\n\r\n").append(nameValues[i + 1]).append("\r\n");
        }
        b.append("--").append(boundary).append("--\r\n");
        return post(path, "multipart/form-data; boundary=" + boundary, b.toString());
    }

    /**
     * {@code r} is the one error shape: JSON with exactly code, grpc-code, message and details; the details
     * hold an ErrorInfo of the atlas.p3 domain and, when {@code field} is given, a BadRequest naming it.
     */
    static JsonNode assertErrorShape(HttpResponse<String> r, int http, Status.Code code, String messagePart,
                                     String field) throws Exception {
        String where = r.request().method() + " " + r.request().uri() + " -> " + r.statusCode() + " " + r.body();
        assertEquals(http, r.statusCode(), where);
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), where);
        assertEquals(String.valueOf(code.value()), r.headers().firstValue("grpc-status").orElse(""), where);
        JsonNode body = JSON.readTree(r.body());
        Set<String> keys = new TreeSet<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("code", "grpc-code", "message", "details"), keys, where);
        assertEquals(code.value(), body.get("code").asInt(), where);
        assertEquals(code.name(), body.get("grpc-code").asText(), where);
        assertTrue(body.get("message").asText().contains(messagePart), where);
        assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), where);
        JsonNode info = detail(body, "google.rpc.ErrorInfo");
        assertNotNull(info, where);
        assertEquals("atlas.p3", info.get("domain").asText(), where);
        if (field != null) {
            JsonNode bad = detail(body, "google.rpc.BadRequest");
            assertNotNull(bad, where);
            assertEquals(field, bad.get("fieldViolations").get(0).get("field").asText(), where);
        }
        return body;
    }

    static JsonNode detail(JsonNode body, String type) {
        for (JsonNode d : body.get("details")) {
            if (d.get("@type").asText().endsWith("/" + type)) {
                return d;
            }
        }
        return null;
    }

    @Test
    void everyClientErrorOnEveryRouteHasTheOneShapeAndIsNoWarning() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            String heartbeat = "/v1/nodes/" + WALLET + ":heartbeat";
            assertErrorShape(server.get("/v1/nodes?pageSize=abc"), 400, Status.Code.INVALID_ARGUMENT,
                    "pageSize must be an integer from -2147483648 to 2147483647, got 'abc'", "page_size");
            assertErrorShape(server.get("/v1/nodes?page_size=99999999999"), 400, Status.Code.INVALID_ARGUMENT,
                    "got '99999999999'", "page_size");
            assertErrorShape(server.get("/v1/nodes?pagesize=5"), 400, Status.Code.INVALID_ARGUMENT,
                    "unknown query parameter 'pagesize'; ListNodes takes stats_date (statsDate), order_by (orderBy),"
                            + " page_size (pageSize)", "pagesize");
            assertErrorShape(server.get("/v1/nodes?pageSize=1&pageSize=2"), 400, Status.Code.INVALID_ARGUMENT,
                    "pageSize is given 2 times", "page_size");
            assertErrorShape(server.get("/v1/nodes/" + WALLET + "?walletAddress=" + WALLET), 400,
                    Status.Code.INVALID_ARGUMENT, "walletAddress is part of the path", "wallet_address");
            assertErrorShape(post(heartbeat, "application/json", "{\"peersConnected\": 3"), 400,
                    Status.Code.INVALID_ARGUMENT, "the request body is not valid JSON", null);
            assertErrorShape(post(heartbeat, "text/xml", "<peers>3</peers>"), 415, Status.Code.INVALID_ARGUMENT,
                    "send it with content-type: application/json, got 'text/xml'", null);
            assertErrorShape(send("POST", "/v1/events:ingest", "application/json", new byte[11 * 1024 * 1024]),
                    413, Status.Code.RESOURCE_EXHAUSTED, "the request body is larger than", null);
            assertErrorShape(server.get("/v1/no-such-thing"), 404, Status.Code.NOT_FOUND,
                    "no such path: GET /v1/no-such-thing", null);

            JsonNode viaV1 = assertErrorShape(server.get("/v1/assets/nope"), 404, Status.Code.NOT_FOUND,
                    "no asset with id 'nope'", null);
            JsonNode viaContent = assertErrorShape(server.get("/content/nope"), 404, Status.Code.NOT_FOUND,
                    "no asset with id 'nope'", null);
            assertEquals(viaV1, viaContent, "/v1 and /content answer the same error the same way");
            assertErrorShape(send("PUT", "/content/x?type=movie", "video/mp4", new byte[10]), 400,
                    Status.Code.INVALID_ARGUMENT, "type must be sdk, bundle, game or media, got 'movie'", "type");
            assertErrorShape(send("PUT", "/content/big?type=media", "video/mp4", new byte[MAX_ASSET + 1]), 413,
                    Status.Code.RESOURCE_EXHAUSTED, String.valueOf(MAX_ASSET), null);
            assertErrorShape(multipart("/v1/assets:upload", "type", "media"), 400, Status.Code.INVALID_ARGUMENT,
                    "no 'file' field", "file");
            assertErrorShape(multipart("/v1/assets:upload", "type", "media", "file", "x".repeat(MAX_ASSET + 1024 * 1024)),
                    413, Status.Code.RESOURCE_EXHAUSTED, "the request body is larger than", null);
            assertErrorShape(post("/v1/assets:upload", "text/plain", "bytes"), 415, Status.Code.INVALID_ARGUMENT,
                    "send multipart/form-data", null);
            // Unframed JSON (a gRPC method path with a JSON body) answers the same shape.
            assertErrorShape(post("/atlas.v1.NodeService/RecordHeartbeat", "application/json",
                    "{\"walletAddress\": \"" + WALLET + "\", \"peers\": 3}"), 400, Status.Code.INVALID_ARGUMENT,
                    "unknown field 'peers'", "peers");
        } finally {
            root.detachAppender(logged);
        }
        List<String> loud = new ArrayList<>();
        for (ILoggingEvent e : logged.list) {
            if (e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null) {
                loud.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage());
            }
        }
        assertEquals(List.of(), loud, "client errors are at most one DEBUG/INFO line, never with a stack trace");
        Counter unlogged = server.server().meters().find("armeria.server.exceptions.unlogged").counter();
        assertEquals(0.0, unlogged == null ? 0.0 : unlogged.count(),
                "client errors never reach Armeria's unlogged-exception report (a WARN with a stack trace)");
    }

    @Test
    void messagesArePlainText() throws Exception {
        JsonNode uber = assertErrorShape(server.get("/v1/channels/%C3%BCber"), 400, Status.Code.INVALID_ARGUMENT,
                "got 'über'", "id");
        assertEquals(uber.get("message").asText(),
                detail(uber, "google.rpc.BadRequest").get("fieldViolations").get(0).get("description").asText());
        JsonNode tilde = assertErrorShape(server.get("/v1/channels/a%7Eb%20c"), 400, Status.Code.INVALID_ARGUMENT,
                "A-Z a-z 0-9 . _ ~ -", "id");
        assertTrue(tilde.get("message").asText().endsWith("got 'a~b c'"), tilde.toString());
        assertFalse(tilde.get("message").asText().contains("%"), tilde.toString());

        HttpResponse<String> rejected = post("/v1/events:ingest", "application/json",
                "{\"events\": [{\"name\": \"BAD NAME\"}]}");
        assertEquals(200, rejected.statusCode(), rejected.body());
        assertTrue(rejected.body().contains("got 'BAD NAME'"), rejected.body());
        assertFalse(rejected.body().contains("\\u0027"), rejected.body());
        HttpResponse<String> put = send("PUT", "/content/plain-text?type=game", "text/plain; charset=utf-8",
                "<a href='x'>".getBytes(StandardCharsets.UTF_8));
        assertEquals(201, put.statusCode(), put.body());
        assertTrue(put.body().contains("\"contentType\":\"text/plain; charset=utf-8\""), put.body());
        assertEquals(JSON.readTree(put.body()), JSON.readTree(server.get("/v1/assets/plain-text").body()),
                "the plain route prints the asset as /v1 does");
    }

    @Test
    void grpcCallersGetTheSameStatusMessageAndDetails() throws Exception {
        JsonNode http = JSON.readTree(server.get("/v1/channels/%C3%BCber").body());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
                CatalogServiceGrpc.newBlockingStub(server.channel())
                        .getChannel(GetChannelRequest.newBuilder().setId("über").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(http.get("message").asText(), e.getStatus().getDescription());
        assertEquals("id", StatusDetails.unpack(e, BadRequest.class).getFieldViolations(0).getField());
        assertEquals(detail(http, "google.rpc.ErrorInfo").get("reason").asText(),
                StatusDetails.unpack(e, ErrorInfo.class).getReason());

        JsonNode missing = JSON.readTree(server.get("/content/nope").body());
        StatusRuntimeException notFound = assertThrows(StatusRuntimeException.class, () ->
                StreamServiceGrpc.newBlockingStub(server.channel())
                        .getAsset(GetAssetRequest.newBuilder().setId("nope").build()));
        assertEquals(Status.Code.NOT_FOUND, notFound.getStatus().getCode());
        assertEquals(missing.get("message").asText(), notFound.getStatus().getDescription());
        assertEquals("ASSET_NOT_FOUND", StatusDetails.unpack(notFound, ErrorInfo.class).getReason());

        StatusRuntimeException viaWeb = assertThrows(StatusRuntimeException.class, () -> GrpcClients
                .builder(server.baseUri()).serializationFormat(GrpcSerializationFormats.PROTO_WEB)
                .build(StreamServiceGrpc.StreamServiceBlockingStub.class)
                .getAsset(GetAssetRequest.newBuilder().setId("nope").build()));
        assertEquals(Status.Code.NOT_FOUND, viaWeb.getStatus().getCode());
        assertEquals(missing.get("message").asText(), viaWeb.getStatus().getDescription());
        assertEquals("ASSET_NOT_FOUND", StatusDetails.unpack(viaWeb, ErrorInfo.class).getReason());
    }

    @Test
    void enumFiltersFilterByAliasOrFailNamingTheParameter() throws Exception {
        assertEquals(201, send("PUT", "/content/sdk-1?type=sdk", "application/zip", new byte[3]).statusCode());
        assertEquals(201, send("PUT", "/content/media-1?type=media", "video/mp4", new byte[4]).statusCode());
        assertEquals(List.of("media-1"), ids(server.get("/v1/assets?type=media"), "assets"));
        assertEquals(List.of("sdk-1"), ids(server.get("/v1/assets?type=ASSET_TYPE_SDK"), "assets"));
        assertTrue(ids(server.get("/v1/assets"), "assets").containsAll(List.of("media-1", "sdk-1")));
        assertErrorShape(server.get("/v1/assets?type=movie"), 400, Status.Code.INVALID_ARGUMENT,
                "type must be one of sdk, bundle, game, media (or ASSET_TYPE_SDK, …), got 'movie'", "type");

        assertEquals(200, post("/v1/channels:import", "application/json",
                "{\"playlistContent\": \"#EXTM3U\\n#EXTINF:-1,News\\nhttp://news.example/live\\n\"}").statusCode());
        String channel = JSON.readTree(server.get("/v1/channels").body()).get("channels").get(0).get("id").asText();
        HttpResponse<String> live = post("/v1/streams", "application/json", "{\"id\": \"live-1\", \"title\": \"News\","
                + " \"kind\": \"live\", \"channelId\": \"" + channel + "\"}");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("STREAM_KIND_LIVE", JSON.readTree(live.body()).get("kind").asText());
        assertEquals(200, post("/v1/streams", "application/json", "{\"id\": \"vod-1\", \"title\": \"Film\","
                + " \"kind\": \"STREAM_KIND_VOD\", \"assetId\": \"media-1\"}").statusCode());
        assertEquals(List.of("live-1"), ids(server.get("/v1/streams?kind=live"), "streams"));
        assertEquals(List.of("vod-1"), ids(server.get("/v1/streams?kind=VOD"), "streams"));
        assertErrorShape(server.get("/v1/streams?kind=concert"), 400, Status.Code.INVALID_ARGUMENT,
                "kind must be one of live, vod, audio", "kind");
        assertErrorShape(post("/v1/streams", "application/json", "{\"title\": \"X\", \"kind\": \"radio\","
                + " \"channelId\": \"" + channel + "\"}"), 400, Status.Code.INVALID_ARGUMENT,
                "stream.kind must be one of live, vod, audio", "stream.kind");
        assertErrorShape(server.get("/v1/relays?status=sleeping"), 400, Status.Code.INVALID_ARGUMENT,
                "status must be one of online, offline", "status");
        assertEquals(200, server.get("/v1/relays?status=online").statusCode());

        // A number the server doesn't know, over gRPC, is refused too (never read as "no filter").
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
                CatalogServiceGrpc.newBlockingStub(server.channel())
                        .listStreams(ListStreamsRequest.newBuilder().setKindValue(99).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("kind", StatusDetails.unpack(e, BadRequest.class).getFieldViolations(0).getField());
    }

    @Test
    void unknownJsonFieldsAreRefusedAndNothingIsRecorded() throws Exception {
        String wallet = "0x1616161616161616161616161616161616161616";
        JsonNode body = assertErrorShape(post("/v1/nodes/" + wallet + ":heartbeat", "application/json",
                "{\"peers\": 3}"), 400, Status.Code.INVALID_ARGUMENT, "unknown field 'peers'", "peers");
        assertTrue(body.get("message").asText().contains("peers_connected (peersConnected)"), body.toString());
        assertEquals(404, server.get("/v1/nodes/" + wallet).statusCode(), "a refused call records nothing");

        assertErrorShape(post("/v1/streams", "application/json", "{\"titel\": \"News\", \"kind\": \"live\"}"), 400,
                Status.Code.INVALID_ARGUMENT, "unknown field 'stream.titel'", "stream.titel");
        assertErrorShape(post("/v1/events:ingest", "application/json",
                "{\"events\": [{\"name\": \"a.b\"}, {\"name\": \"c.d\", \"user\": \"x\"}]}"), 400,
                Status.Code.INVALID_ARGUMENT, "unknown field 'events[1].user'", "events[1].user");
        assertErrorShape(post("/v1/nodes/" + wallet + ":heartbeat", "application/json",
                "{\"peersConnected\": \"many\"}"), 400, Status.Code.INVALID_ARGUMENT,
                "peers_connected must be an integer", "peers_connected");
    }

    @Test
    void leaderboardAndRelayInputsAreStrictToo() throws Exception {
        assertEquals(200, server.get("/v1/nodes?status=online").statusCode());
        assertEquals(200, server.get("/v1/nodes?status=NODE_STATUS_OFFLINE&allTime=true").statusCode());
        assertErrorShape(server.get("/v1/nodes?status=busy"), 400, Status.Code.INVALID_ARGUMENT,
                "status must be one of online, offline", "status");
        assertErrorShape(server.get("/v1/nodes?period=week"), 400, Status.Code.INVALID_ARGUMENT,
                "unknown query parameter 'period'", "period");
        assertErrorShape(server.get("/v1/nodes?startDate=yesterday"), 400, Status.Code.INVALID_ARGUMENT,
                "start_date", "start_date");
        assertErrorShape(post("/v1/relays/relay-x:heartbeat", "application/json",
                "{\"activeStreams\": 1, \"bytesDelta\": \"5\"}"), 400, Status.Code.INVALID_ARGUMENT,
                "unknown field 'bytesDelta'", "bytesDelta");
        assertErrorShape(post("/atlas.v1.StreamService/SelectRelay", "application/json",
                "{\"region\": \"eu-west\", \"maxAlternatives\": \"lots\"}"), 400, Status.Code.INVALID_ARGUMENT,
                "max_alternatives must be", "max_alternatives");
        assertErrorShape(post("/v1/events:ingest", "application/json",
                "{\"events\": [{\"name\": \"a.b\", \"eventTime\": \"yesterday\"}]}"), 400,
                Status.Code.INVALID_ARGUMENT, "events[0].event_time must be an RFC 3339 time", "events[0].event_time");
    }

    @Test
    void sourceUrlCredentialsAreRefusedNeverStoredNorEchoed() throws Exception {
        HttpResponse<String> r = post("/v1/assets", "application/json",
                "{\"id\": \"remote\", \"type\": \"media\", \"sourceUrl\": \"http://u:secret@example.org/a.mp4\"}");
        assertErrorShape(r, 400, Status.Code.INVALID_ARGUMENT, "source_url must not carry credentials", "source_url");
        assertFalse(r.body().contains("secret"), r.body());
        assertEquals(404, server.get("/v1/assets/remote").statusCode());
        assertFalse(server.get("/v1/assets").body().contains("secret"));
    }

    @Test
    void aCorsPreflightCarriesOneMaxAge() {
        for (String path : List.of("/v1/nodes", "/content/x", "/atlas.v1.NodeService/GetNode")) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("origin", "https://player.example")
                    .header("access-control-request-method", "GET").build());
            assertEquals(List.of("86400"), r.headers().allValues("access-control-max-age"), path);
        }
    }

    static List<String> ids(HttpResponse<String> r, String list) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(r.body()).get(list).forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }
}
