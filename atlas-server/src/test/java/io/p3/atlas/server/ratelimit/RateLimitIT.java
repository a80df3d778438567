package io.p3.atlas.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.p3.atlas.server.auth.AuthInterceptor;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.server.testing.RawCalls;
import io.p3.atlas.server.testing.TestDatabase;
import io.p3.atlas.v1.CheckRateLimitRequest;
import io.p3.atlas.v1.ListNodesRequest;
import io.p3.atlas.v1.NodeServiceGrpc;
import io.p3.atlas.v1.RateLimitServiceGrpc;
import io.p3.atlas.v1.ResetRateLimitRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ATLAS_RATE_LIMIT_READ=5/1m: the sixth read of a client within a minute is refused on every transport,
 * with Retry-After / RetryInfo and the RateLimit headers. Loopback is a trusted proxy here, so each test
 * is its own client through X-Forwarded-For.
 */
class RateLimitIT {
    static final String ADMIN = UUID.randomUUID().toString();
    static final Path KEYS = keys();

    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.h2()
            .env("ATLAS_RATE_LIMIT_READ", "5/1m").env("ATLAS_RATE_LIMIT_WRITE", "100/1m")
            .env("ATLAS_TRUSTED_PROXIES", "127.0.0.1, ::1").env("ATLAS_API_KEYS_FILE", KEYS.toString());

    static Path keys() {
        try {
            Path f = TestDatabase.newTempDir("atlas-keys-").resolve("keys");
            Files.writeString(f, "sha256:" + io.p3.atlas.server.auth.ApiKeysAccess.hash(ADMIN) + " admin\n");
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(String path, String client) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .header("x-forwarded-for", client).GET().build());
    }

    @Test
    void httpSixthReadAnswers429WithRetryAfterAndRateLimitHeaders() {
        String client = "198.51.100.1";
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> ok = get("/v1/nodes", client);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("\"read\";q=5;w=60", ok.headers().firstValue("ratelimit-policy").orElseThrow());
            assertTrue(ok.headers().firstValue("ratelimit").orElseThrow().startsWith("\"read\";r=" + (4 - i) + ";t="),
                    ok.headers().firstValue("ratelimit").orElseThrow());
        }
        HttpResponse<String> refused = get("/v1/nodes", client);
        assertEquals(429, refused.statusCode());
        long retryAfter = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= 11 && retryAfter <= 12, "a token every 12 s: " + retryAfter);
        assertTrue(refused.headers().firstValue("ratelimit").orElseThrow().matches("\"read\";r=0;t=(59|60)"),
                refused.headers().map().toString());
        assertTrue(refused.body().contains("\"grpc-code\":\"RESOURCE_EXHAUSTED\""), refused.body());
        assertTrue(refused.body().contains("google.rpc.RetryInfo"), refused.body());

        assertEquals(429, get("/content/anything", client).statusCode(), "plain routes share the read budget");
        assertEquals(200, get("/v1/nodes", "198.51.100.99").statusCode(), "another client has its own budget");
        // Never limited: health, metrics, docs.
        assertEquals(200, get("/internal/healthcheck", client).statusCode());
        assertEquals(200, get("/internal/metrics", client).statusCode());
        assertTrue(get("/docs/", client).statusCode() < 400);
        // Writes have their own budget: the next check this client meets is authentication.
        assertEquals(401, server.send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/v1/channels:import"))
                .header("x-forwarded-for", client).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());
    }

    @Test
    void grpcSixthReadIsResourceExhaustedWithRetryInfo() {
        Metadata h = new Metadata();
        h.put(Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER), "198.51.100.2");
        var stub = NodeServiceGrpc.newBlockingStub(server.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
        for (int i = 0; i < 5; i++) {
            stub.listNodes(ListNodesRequest.getDefaultInstance());
        }
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> stub.listNodes(ListNodesRequest.getDefaultInstance()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        RetryInfo retry = StatusProto.fromThrowable(e).getDetailsList().stream().filter(a -> a.is(RetryInfo.class))
                .map(a -> {
                    try {
                        return a.unpack(RetryInfo.class);
                    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                        throw new AssertionError(x);
                    }
                }).findFirst().orElseThrow();
        assertTrue(retry.getRetryDelay().getSeconds() >= 11 && retry.getRetryDelay().getSeconds() <= 12, retry.toString());
        var health = HealthGrpc.newBlockingStub(server.channel()).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
        for (int i = 0; i < 3; i++) {
            assertEquals("SERVING", health.check(HealthCheckRequest.getDefaultInstance()).getStatus().name(),
                    "health is never limited");
        }
    }

    @Test
    void grpcWebSixthReadIsResourceExhausted() {
        byte[] req = ListNodesRequest.getDefaultInstance().toByteArray();
        Map<String, String> h = Map.of("x-forwarded-for", "198.51.100.3");
        for (int i = 0; i < 5; i++) {
            assertEquals(Status.Code.OK, RawCalls.grpcWeb(server.baseUri(), "atlas.v1.NodeService/ListNodes", req, h).code());
        }
        RawCalls.Result r = RawCalls.grpcWeb(server.baseUri(), "atlas.v1.NodeService/ListNodes", req, h);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, r.code());
        assertTrue(r.httpHeaders().contains("grpc-status-details-bin"), "RetryInfo travels in the details");
        assertTrue(r.httpHeaders().contains("ratelimit"));
    }

    @Test
    void operatorsCheckAndResetAClientsBudget() {
        String client = "198.51.100.4";
        for (int i = 0; i < 6; i++) {
            get("/v1/channels", client);
        }
        Metadata auth = new Metadata();
        auth.put(AuthInterceptor.AUTHORIZATION, "Bearer " + ADMIN);
        var admin = RateLimitServiceGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        var before = admin.checkRateLimit(CheckRateLimitRequest.newBuilder().setKey(client).build());
        assertFalse(before.getAllowed());
        assertEquals(0, before.getRemaining());
        assertEquals("5/1m", before.getPolicy());
        assertTrue(before.getResetTime().getSeconds() > System.currentTimeMillis() / 1000 + 30);
        assertEquals(before.getRemaining(), admin.checkRateLimit(CheckRateLimitRequest.newBuilder().setKey(client).build())
                .getRemaining(), "checking spends nothing");
        admin.resetRateLimit(ResetRateLimitRequest.newBuilder().setKey(client).build());
        assertEquals(5, admin.checkRateLimit(CheckRateLimitRequest.newBuilder().setKey(client).build()).getRemaining());
        assertEquals(200, get("/v1/channels", client).statusCode());

        HttpResponse<String> overHttp = server.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                + "/v1/rateLimits/" + client + "?budget=read")).header("authorization", "Bearer " + ADMIN).GET().build());
        assertEquals(200, overHttp.statusCode(), overHttp.body());
        assertTrue(overHttp.body().contains("\"remaining\":\"4\""), overHttp.body());
        HttpResponse<String> reset = server.send(HttpRequest.newBuilder(URI.create(server.baseUri()
                        + "/v1/rateLimits/" + client + ":reset")).header("authorization", "Bearer " + ADMIN)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(200, reset.statusCode(), reset.body());
        assertEquals(401, get("/v1/rateLimits/" + client, client).statusCode(), "admin only");

        String metrics = get("/internal/metrics", client).body();
        assertTrue(metrics.contains("atlas_rate_limit_requests_total{budget=\"read\",outcome=\"rejected\"}"), metrics);
        assertFalse(metrics.contains("198.51.100"), "no client in metric labels");
    }
}
