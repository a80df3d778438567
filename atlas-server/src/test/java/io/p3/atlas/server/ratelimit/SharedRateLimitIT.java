package io.p3.atlas.server.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.p3.atlas.server.AtlasServer;
import io.p3.atlas.server.testing.AtlasServerExtension;
import io.p3.atlas.v1.CatalogServiceGrpc;
import io.p3.atlas.v1.ListChannelsRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ATLAS_RATE_LIMIT_SHARED=true: two instances on one PostgreSQL spend one budget per client. */
class SharedRateLimitIT {
    @RegisterExtension
    static final AtlasServerExtension server = AtlasServerExtension.postgres()
            .env("ATLAS_RATE_LIMIT_SHARED", "true").env("ATLAS_RATE_LIMIT_READ", "10/1m")
            .env("ATLAS_TRUSTED_PROXIES", "127.0.0.1");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    int get(int port, String client) {
        return get(port, "/v1/nodes", client);
    }

    int get(int port, String path, String client) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("x-forwarded-for", client).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoInstancesShareOneBudgetExactly() throws Exception {
        try (AtlasServer second = AtlasServer.start(server.config())) {
            int[] ports = {server.port(), second.port()};
            // 16 concurrent reads of one client, spread over both instances: exactly 10 tokens exist.
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int port = ports[i % 2];
                calls.add(CompletableFuture.supplyAsync(() -> get(port, "203.0.113.10")));
            }
            long ok = calls.stream().map(CompletableFuture::join).filter(s -> s == 200).count();
            long limited = calls.stream().map(CompletableFuture::join).filter(s -> s == 429).count();
            assertEquals(10, ok, "one shared bucket of 10");
            assertEquals(6, limited);
            assertEquals(429, get(second.port(), "203.0.113.10"));
            assertEquals(429, get(server.port(), "203.0.113.10"));
            assertEquals(200, get(second.port(), "203.0.113.11"), "other clients are unaffected");
            try (var c = server.server().database().dataSource().getConnection();
                 var rs = c.createStatement().executeQuery("SELECT count(*) FROM rate_limit_buckets")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 2, "buckets live in PostgreSQL");
            }
        }
    }

    /** Cached catalog replies (HTTP/JSON and gRPC) decide the shared budget off the event loop, then answer. */
    @Test
    void cachedCatalogReadsSpendTheSharedBudget() {
        for (int i = 0; i < 10; i++) {
            assertEquals(200, get(server.port(), "/v1/channels?pageSize=2", "203.0.113.20"));
        }
        assertEquals(429, get(server.port(), "/v1/channels?pageSize=2", "203.0.113.20"));

        Metadata h = new Metadata();
        h.put(Metadata.Key.of("x-forwarded-for", Metadata.ASCII_STRING_MARSHALLER), "203.0.113.21");
        var stub = CatalogServiceGrpc.newBlockingStub(server.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(h));
        for (int i = 0; i < 10; i++) {
            assertEquals(0, stub.listChannels(ListChannelsRequest.newBuilder().setPageSize(2).build()).getChannelsCount());
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> stub.listChannels(ListChannelsRequest.newBuilder().setPageSize(2).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    }
}
